using System;
using System.Collections.Generic;
using System.Text.RegularExpressions;

namespace DashScope.Tools
{
    /// <summary>
    /// A function the model may call: its name, description and JSON schema, and the parameter names a call may
    /// bind. What runs for it (a PowerShell command, a script block) is the host's business: see <see cref="IToolHost"/>.
    /// </summary>
    public class ToolDefinition
    {
        private static readonly Regex NamePattern = new Regex("^[a-zA-Z0-9_-]{1,64}$", RegexOptions.CultureInvariant);

        /// <summary>The function name the model sees and calls.</summary>
        public string Name { get; set; } = string.Empty;

        public string? Description { get; set; }

        /// <summary>The JSON schema of the arguments (type object, properties, required), as ordered dictionaries.</summary>
        public IDictionary<string, object?> Parameters { get; set; } = new Dictionary<string, object?>();

        /// <summary>The parameter names the model may bind (the schema's properties); anything else is refused.</summary>
        public IList<string> AllowedParameters { get; set; } = new List<string>();

        /// <summary>Parameters whose type is a switch: true binds them, false leaves them out.</summary>
        public IList<string> SwitchParameters { get; set; } = new List<string>();

        /// <summary>The command name shown in command lines (the tool name unless the host runs something named otherwise).</summary>
        public virtual string CommandName => Name;

        /// <summary>True when the host can run this tool; false for a schema whose calls the caller answers.</summary>
        public virtual bool CanRun => false;

        /// <summary>The tool as the request sends it ({"type":"function","function":{...}}), as JSON text.</summary>
        public string Schema => ToolSchemaJson.ToJson(this);

        public override string ToString() => Name;

        /// <summary>Checks a tool name: 1 to 64 letters, digits, '_' or '-'.</summary>
        public static string ValidateName(string? name)
        {
            if (!NamePattern.IsMatch(name ?? string.Empty))
                throw new DashScopeException(DashScopeErrorKind.InvalidInput,
                    "'" + name + "' cannot be a tool name: use 1 to 64 letters, digits, '_' or '-'. Give another with New-QwenTool -Name.");
            return name!;
        }

        /// <summary>
        /// A schema-only tool from a raw function schema: {type:'function', function:{name, description, parameters}}
        /// or {name, description, parameters}, as plain .NET values (dictionaries and lists).
        /// </summary>
        public static ToolDefinition FromSchema(IDictionary<string, object?> schema)
        {
            var tool = new ToolDefinition();
            FillFromSchema(tool, schema);
            return tool;
        }

        /// <summary>Fills <paramref name="tool"/> from a raw function schema (see <see cref="FromSchema"/>).</summary>
        public static void FillFromSchema(ToolDefinition tool, IDictionary<string, object?> schema)
        {
            var function = schema;
            if (TryGet(schema, "function", out var inner) && inner is IDictionary<string, object?> innerMap) function = innerMap;
            if (!TryGet(function, "name", out var nameValue) || !(nameValue is string name) || name.Length == 0)
                throw new DashScopeException(DashScopeErrorKind.InvalidInput,
                    "A tool schema needs a name: @{ name = 'get_weather'; description = '...'; parameters = @{ type = 'object'; properties = @{ ... } } }.");
            TryGet(function, "description", out var descriptionValue);
            IDictionary<string, object?> parameters;
            if (TryGet(function, "parameters", out var parametersValue) && parametersValue is IDictionary<string, object?> map)
            {
                parameters = map;
            }
            else
            {
                parameters = new Dictionary<string, object?> { ["type"] = "object", ["properties"] = new Dictionary<string, object?>() };
            }
            // The API reference shows "required" beside "parameters"; the service reads it inside the schema.
            if (TryGet(function, "required", out var required) && required != null && !TryGet(parameters, "required", out _))
            {
                parameters = new Dictionary<string, object?>(parameters) { ["required"] = required };
            }
            tool.Name = ValidateName(name);
            tool.Description = descriptionValue as string;
            tool.Parameters = parameters;
            tool.AllowedParameters.Clear();
            if (TryGet(parameters, "properties", out var properties) && properties is IDictionary<string, object?> propertyMap)
            {
                foreach (var key in propertyMap.Keys) tool.AllowedParameters.Add(key);
            }
        }

        private static bool TryGet(IDictionary<string, object?> map, string key, out object? value)
        {
            foreach (var pair in map)
            {
                if (string.Equals(pair.Key, key, StringComparison.OrdinalIgnoreCase))
                {
                    value = pair.Value;
                    return true;
                }
            }
            value = null;
            return false;
        }
    }
}
