using System;
using System.Collections;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Management.Automation;
using System.Management.Automation.Language;
using DashScope.Models;

namespace DashScope.Tools
{
    /// <summary>
    /// Turns PowerShell commands and script blocks into tool definitions: a JSON schema generated from the parameter
    /// metadata (types, enums from ValidateSet and enum types, ranges, arrays, mandatory → required, descriptions from
    /// HelpMessage or comment-based help), common parameters left out; and raw function schemas into schema-only tools.
    /// </summary>
    public static class ToolSchemaBuilder
    {
        /// <summary>The common and risk-mitigation parameters every cmdlet has; never offered to the model.</summary>
        public static readonly ISet<string> CommonParameters = new HashSet<string>(StringComparer.OrdinalIgnoreCase)
        {
            "Verbose", "Debug", "ErrorAction", "WarningAction", "InformationAction", "ProgressAction", "ErrorVariable",
            "WarningVariable", "InformationVariable", "OutVariable", "OutBuffer", "PipelineVariable", "WhatIf", "Confirm",
            "UseTransaction",
        };

        /// <summary>Builds a tool from a command (cmdlet, function, script; an alias is followed to its command).</summary>
        public static QwenTool FromCommand(CommandInfo command, string? name = null, string? description = null,
            string[]? include = null, string[]? exclude = null, string? parameterSetName = null, ToolHelpText? help = null)
        {
            if (command == null) throw new ArgumentNullException(nameof(command));
            if (command is AliasInfo alias && alias.ResolvedCommand != null) command = alias.ResolvedCommand;
            if (command is ApplicationInfo)
                throw new DashScopeException(DashScopeErrorKind.InvalidInput,
                    "'" + command.Name + "' is a native program; only PowerShell commands (cmdlets, functions, scripts) can be tools. Wrap it in a function with typed parameters.");
            help = help ?? HelpFromScript(command);
            var tool = new QwenTool
            {
                Name = ToolDefinition.ValidateName(name ?? command.Name),
                Description = description ?? DescribeCommand(command, help),
                Command = command,
            };
            BuildParameters(tool, command.Name, SelectParameterSet(command, parameterSetName), include, exclude, help);
            return tool;
        }

        /// <summary>Builds a tool from a script block with a param block.</summary>
        public static QwenTool FromScriptBlock(ScriptBlock scriptBlock, string name, string? description = null,
            string[]? include = null, string[]? exclude = null)
        {
            if (scriptBlock == null) throw new ArgumentNullException(nameof(scriptBlock));
            var help = HelpFromAst(scriptBlock.Ast);
            var tool = new QwenTool
            {
                Name = ToolDefinition.ValidateName(name),
                Description = description ?? FirstNonEmpty(help?.Synopsis, help?.Description) ?? "Runs a PowerShell script block.",
                ScriptBlock = scriptBlock,
            };
            var parameters = new List<ParameterView>();
            var paramBlock = (scriptBlock.Ast as ScriptBlockAst)?.ParamBlock ?? ((scriptBlock.Ast as FunctionDefinitionAst)?.Body.ParamBlock);
            if (paramBlock != null)
            {
                foreach (var parameter in paramBlock.Parameters)
                {
                    var attributes = new List<Attribute>();
                    foreach (var attributeAst in parameter.Attributes.OfType<AttributeAst>())
                    {
                        var converted = ConvertAttribute(attributeAst);
                        if (converted != null) attributes.Add(converted);
                    }
                    parameters.Add(new ParameterView(parameter.Name.VariablePath.UserPath, parameter.StaticType ?? typeof(object), attributes,
                        attributes.OfType<ParameterAttribute>().Any(p => p.Mandatory)));
                }
            }
            BuildParameters(tool, name, parameters, include, exclude, help);
            return tool;
        }

        /// <summary>
        /// A schema-only tool from a raw function schema: {type:'function', function:{name, description, parameters}}
        /// or {name, description, parameters}, as plain .NET values (dictionaries and lists).
        /// </summary>
        public static QwenTool FromSchema(IDictionary<string, object?> schema)
        {
            var tool = new QwenTool();
            ToolDefinition.FillFromSchema(tool, schema);
            return tool;
        }

        private static string DescribeCommand(CommandInfo command, ToolHelpText? help)
        {
            var text = FirstNonEmpty(help?.Synopsis, help?.Description);
            if (text != null && !text.StartsWith(command.Name + " ", StringComparison.OrdinalIgnoreCase) && !text.StartsWith(command.Name + "\n", StringComparison.OrdinalIgnoreCase))
            {
                if (!string.IsNullOrEmpty(help?.Description) && !string.Equals(help!.Description, text, StringComparison.Ordinal) && text.Length < 200)
                    text = text + " " + help.Description;
                return Trim(text, 1000);
            }
            return "Runs the PowerShell command " + command.Name + ".";
        }

        private static string? FirstNonEmpty(params string?[] values)
        {
            foreach (var value in values)
            {
                if (!string.IsNullOrWhiteSpace(value)) return value!.Trim();
            }
            return null;
        }

        private static string Trim(string text, int length) => text.Length <= length ? text : text.Substring(0, length - 3) + "...";

        /// <summary>Comment-based help of a function or script (parsed from its AST); null for cmdlets.</summary>
        public static ToolHelpText? HelpFromScript(CommandInfo command)
        {
            try
            {
                switch (command)
                {
                    case FunctionInfo function:
                        return HelpFromAst(function.ScriptBlock?.Ast);
                    case ExternalScriptInfo script:
                        return HelpFromAst(script.ScriptBlock?.Ast);
                }
            }
            catch (Exception)
            {
                // Help is a nicety; a schema without descriptions still works.
            }
            return null;
        }

        private static ToolHelpText? HelpFromAst(Ast? ast)
        {
            CommentHelpInfo? info = null;
            ParamBlockAst? paramBlock = null;
            switch (ast)
            {
                case FunctionDefinitionAst function:
                    info = function.GetHelpContent();
                    paramBlock = function.Body.ParamBlock;
                    break;
                case ScriptBlockAst block:
                    info = block.GetHelpContent();
                    if (info == null && block.Parent is FunctionDefinitionAst parent) info = parent.GetHelpContent();
                    paramBlock = block.ParamBlock;
                    break;
            }
            var help = new ToolHelpText();
            if (info != null)
            {
                help.Synopsis = info.Synopsis?.Trim();
                help.Description = info.Description?.Trim();
                foreach (var parameter in info.Parameters) help.Parameters[parameter.Key] = parameter.Value.Trim();
            }
            if (paramBlock != null)
            {
                // "# The city name" on the line(s) above a parameter documents it, as Get-Help reads it.
                var text = paramBlock.Extent.StartScriptPosition.GetFullScript() ?? string.Empty;
                foreach (var parameter in paramBlock.Parameters)
                {
                    var name = parameter.Name.VariablePath.UserPath;
                    if (help.Parameters.ContainsKey(name)) continue;
                    var comment = CommentAbove(text, parameter.Extent.StartOffset);
                    if (comment != null) help.Parameters[name] = comment;
                }
            }
            return help;
        }

        private static string? CommentAbove(string script, int offset)
        {
            if (offset <= 0 || offset > script.Length) return null;
            var lines = script.Substring(0, offset).Split('\n');
            var collected = new List<string>();
            // The parameter's own line up to the parameter, then the lines above it.
            for (var i = lines.Length - 2; i >= 0; i--)
            {
                var line = lines[i].Trim();
                if (line.StartsWith("#", StringComparison.Ordinal))
                {
                    collected.Insert(0, line.TrimStart('#').Trim());
                    continue;
                }
                if (line.StartsWith("[", StringComparison.Ordinal) && collected.Count == 0) continue; // attributes between comment and name
                break;
            }
            return collected.Count == 0 ? null : string.Join(" ", collected);
        }

        private static Attribute? ConvertAttribute(AttributeAst ast)
        {
            try
            {
                var type = ast.TypeName.GetReflectionAttributeType();
                if (type == typeof(ParameterAttribute))
                {
                    var parameter = new ParameterAttribute();
                    foreach (var argument in ast.NamedArguments)
                    {
                        var name = argument.ArgumentName;
                        var value = argument.ExpressionOmitted || !(argument.Argument is ConstantExpressionAst constant) ? (object?)true : constant.Value;
                        if (argument.Argument is VariableExpressionAst variable) value = string.Equals(variable.VariablePath.UserPath, "true", StringComparison.OrdinalIgnoreCase);
                        if (string.Equals(name, "Mandatory", StringComparison.OrdinalIgnoreCase)) parameter.Mandatory = value is bool flag && flag;
                        else if (string.Equals(name, "HelpMessage", StringComparison.OrdinalIgnoreCase)) parameter.HelpMessage = value as string;
                        else if (string.Equals(name, "DontShow", StringComparison.OrdinalIgnoreCase)) parameter.DontShow = value is bool hidden && hidden;
                    }
                    return parameter;
                }
                if (type == typeof(ValidateSetAttribute))
                {
                    var values = ast.PositionalArguments.OfType<StringConstantExpressionAst>().Select(s => s.Value).ToArray();
                    return values.Length == 0 ? null : new ValidateSetAttribute(values);
                }
                if (type == typeof(ValidateRangeAttribute) && ast.PositionalArguments.Count == 2 &&
                    ast.PositionalArguments[0] is ConstantExpressionAst min && ast.PositionalArguments[1] is ConstantExpressionAst max)
                {
                    return new ValidateRangeAttribute(min.Value, max.Value);
                }
            }
            catch (Exception)
            {
                // An attribute we cannot read only costs the schema a detail.
            }
            return null;
        }

        /// <summary>A parameter as the schema needs it, from command metadata or a script block's AST.</summary>
        private sealed class ParameterView
        {
            public ParameterView(string name, Type type, IList<Attribute> attributes, bool mandatory)
            {
                Name = name;
                Type = type;
                Attributes = attributes;
                Mandatory = mandatory;
            }

            public string Name { get; }
            public Type Type { get; }
            public IList<Attribute> Attributes { get; }
            public bool Mandatory { get; }
        }

        private static List<ParameterView> SelectParameterSet(CommandInfo command, string? parameterSetName)
        {
            IList<CommandParameterSetInfo> sets;
            try
            {
                sets = command.ParameterSets;
            }
            catch (Exception exception) when (!(exception is DashScopeException))
            {
                throw new DashScopeException(DashScopeErrorKind.InvalidInput, "The parameters of '" + command.Name + "' could not be read: " + exception.Message, exception);
            }
            CommandParameterSetInfo? chosen = null;
            if (!string.IsNullOrEmpty(parameterSetName))
            {
                chosen = sets.FirstOrDefault(set => string.Equals(set.Name, parameterSetName, StringComparison.OrdinalIgnoreCase));
                if (chosen == null)
                    throw new DashScopeException(DashScopeErrorKind.InvalidInput,
                        "'" + command.Name + "' has no parameter set '" + parameterSetName + "'. Its sets: " + string.Join(", ", sets.Select(set => set.Name)) + ".");
            }
            chosen = chosen ?? sets.FirstOrDefault(set => set.IsDefault) ?? sets.FirstOrDefault();
            var views = new List<ParameterView>();
            if (chosen == null) return views;
            foreach (var parameter in chosen.Parameters)
            {
                views.Add(new ParameterView(parameter.Name, parameter.ParameterType, parameter.Attributes.ToList(), parameter.IsMandatory));
            }
            return views;
        }

        private static void BuildParameters(QwenTool tool, string commandName, List<ParameterView> parameters, string[]? include, string[]? exclude, ToolHelpText? help)
        {
            var includePatterns = include?.Select(p => new WildcardPattern(p, WildcardOptions.IgnoreCase)).ToList();
            var excludePatterns = exclude?.Select(p => new WildcardPattern(p, WildcardOptions.IgnoreCase)).ToList();
            if (include != null)
            {
                // A name that matches nothing is a typo; silently offering no parameters would hide it.
                foreach (var name in include)
                {
                    var pattern = new WildcardPattern(name, WildcardOptions.IgnoreCase);
                    if (!parameters.Any(parameter => pattern.IsMatch(parameter.Name)))
                    {
                        throw new DashScopeException(DashScopeErrorKind.InvalidInput,
                            "-IncludeParameter '" + name + "' matches no parameter of '" + commandName + "' in this parameter set. Its parameters: " +
                            string.Join(", ", parameters.Where(parameter => !CommonParameters.Contains(parameter.Name)).Select(parameter => parameter.Name)) +
                            ". (-ParameterSetName chooses another set.)");
                    }
                }
            }
            var properties = new Dictionary<string, object?>();
            var required = new List<object?>();
            foreach (var parameter in parameters)
            {
                if (CommonParameters.Contains(parameter.Name)) continue;
                var wanted = (includePatterns == null || includePatterns.Any(p => p.IsMatch(parameter.Name))) &&
                             (excludePatterns == null || !excludePatterns.Any(p => p.IsMatch(parameter.Name)));
                var hidden = parameter.Attributes.OfType<ParameterAttribute>().Any(p => p.DontShow);
                var schema = wanted && !hidden ? SchemaFor(parameter.Type, parameter.Attributes) : null;
                if (schema == null)
                {
                    if (parameter.Mandatory)
                    {
                        var why = !wanted ? "was left out (-IncludeParameter / -ExcludeParameter)"
                            : hidden ? "is hidden (DontShow)"
                            : "has the type " + parameter.Type.Name + ", which JSON cannot express";
                        throw new DashScopeException(DashScopeErrorKind.InvalidInput,
                            "The mandatory parameter -" + parameter.Name + " of '" + commandName + "' " + why +
                            ", so the model could never call it. Choose another parameter set (-ParameterSetName) or wrap the command in a function.");
                    }
                    continue;
                }
                var helpMessage = parameter.Attributes.OfType<ParameterAttribute>().Select(p => p.HelpMessage).FirstOrDefault(m => !string.IsNullOrWhiteSpace(m));
                string? text = helpMessage;
                if (text == null && help != null && help.Parameters.TryGetValue(parameter.Name, out var fromHelp) && !string.IsNullOrWhiteSpace(fromHelp)) text = fromHelp;
                if (!string.IsNullOrWhiteSpace(text)) schema["description"] = Trim(text!.Trim(), 1000);
                properties[parameter.Name] = schema;
                tool.AllowedParameters.Add(parameter.Name);
                if (parameter.Type == typeof(SwitchParameter)) tool.SwitchParameters.Add(parameter.Name);
                if (parameter.Mandatory) required.Add(parameter.Name);
            }
            var root = new Dictionary<string, object?> { ["type"] = "object", ["properties"] = properties };
            if (required.Count > 0) root["required"] = required;
            tool.Parameters = root;
        }

        /// <summary>The JSON schema of a parameter type, or null when JSON cannot fill it (script blocks, credentials, ...).</summary>
        internal static Dictionary<string, object?>? SchemaFor(Type type, IList<Attribute> attributes)
        {
            type = Nullable.GetUnderlyingType(type) ?? type;
            var set = attributes.OfType<ValidateSetAttribute>().FirstOrDefault();
            var range = attributes.OfType<ValidateRangeAttribute>().FirstOrDefault();

            if (type != typeof(string) && type != typeof(Hashtable) && !typeof(IDictionary).IsAssignableFrom(type))
            {
                var element = ElementType(type);
                if (element != null)
                {
                    var items = SchemaFor(element, attributes);
                    if (items == null) return null;
                    return new Dictionary<string, object?> { ["type"] = "array", ["items"] = items };
                }
            }

            Dictionary<string, object?> schema;
            if (type == typeof(SwitchParameter) || type == typeof(bool))
            {
                schema = new Dictionary<string, object?> { ["type"] = "boolean" };
            }
            else if (type.IsEnum)
            {
                var names = Enum.GetNames(type).Cast<object?>().ToList();
                schema = new Dictionary<string, object?> { ["type"] = "string", ["enum"] = names };
            }
            else if (type == typeof(int) || type == typeof(long) || type == typeof(short) || type == typeof(byte) ||
                     type == typeof(sbyte) || type == typeof(uint) || type == typeof(ulong) || type == typeof(ushort))
            {
                schema = new Dictionary<string, object?> { ["type"] = "integer" };
            }
            else if (type == typeof(double) || type == typeof(float) || type == typeof(decimal))
            {
                schema = new Dictionary<string, object?> { ["type"] = "number" };
            }
            else if (type == typeof(Hashtable) || typeof(IDictionary).IsAssignableFrom(type))
            {
                schema = new Dictionary<string, object?> { ["type"] = "object" };
            }
            else if (type == typeof(DateTime) || type == typeof(DateTimeOffset))
            {
                schema = new Dictionary<string, object?> { ["type"] = "string", ["format"] = "date-time" };
            }
            else if (type == typeof(ScriptBlock) || type == typeof(PSCredential) || type == typeof(System.Security.SecureString) ||
                     typeof(Delegate).IsAssignableFrom(type))
            {
                return null;
            }
            else
            {
                // string, char, Guid, Uri, TimeSpan, Version, FileInfo, object, PSObject, ...: PowerShell converts from text.
                schema = new Dictionary<string, object?> { ["type"] = "string" };
            }

            if (set != null && set.ValidValues.Count > 0)
            {
                schema["enum"] = set.ValidValues.Cast<object?>().ToList();
                if ((string?)schema["type"] == "boolean") schema["type"] = "string";
            }
            if (range != null && ((string?)schema["type"] == "integer" || (string?)schema["type"] == "number"))
            {
                if (IsFinite(range.MinRange)) schema["minimum"] = range.MinRange;
                if (IsFinite(range.MaxRange)) schema["maximum"] = range.MaxRange;
            }
            return schema;
        }

        private static bool IsFinite(object? value)
        {
            if (value == null) return false;
            try
            {
                var number = Convert.ToDouble(value, CultureInfo.InvariantCulture);
                return !double.IsInfinity(number) && !double.IsNaN(number) && Math.Abs(number) < 1e15;
            }
            catch (Exception)
            {
                return false;
            }
        }

        private static Type? ElementType(Type type)
        {
            if (type.IsArray) return type.GetElementType();
            if (type.IsGenericType)
            {
                var definition = type.GetGenericTypeDefinition();
                if (definition == typeof(List<>) || definition == typeof(IList<>) || definition == typeof(IEnumerable<>) ||
                    definition == typeof(ICollection<>) || definition == typeof(IReadOnlyList<>))
                    return type.GetGenericArguments()[0];
            }
            return null;
        }
    }
}
