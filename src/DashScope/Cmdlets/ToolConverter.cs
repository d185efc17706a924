using System;
using System.Collections;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Management.Automation;
using System.Text.Json;
using DashScope.Json;
using DashScope.Models;
using DashScope.Tools;

namespace DashScope.Cmdlets
{
    /// <summary>
    /// Accepts what -Tool may be given: QwenTool objects (New-QwenTool), commands (Get-Command output or a name),
    /// script blocks with a param block, hashtables (a raw function schema, or Name + ScriptBlock/Command), and JSON
    /// text (one schema or an array of them).
    /// </summary>
    internal static class ToolConverter
    {
        public static List<QwenTool> Convert(PSCmdlet cmdlet, IEnumerable<object?> items)
        {
            var tools = new List<QwenTool>();
            var scriptBlocks = 0;
            foreach (var raw in items)
            {
                var item = raw is PSObject wrapped && !(wrapped.BaseObject is PSCustomObject) ? wrapped.BaseObject : raw;
                switch (item)
                {
                    case null:
                        continue;
                    case QwenTool tool:
                        tools.Add(tool);
                        break;
                    case CommandInfo command:
                        tools.Add(ToolSchemaBuilder.FromCommand(command));
                        break;
                    case ScriptBlock block:
                        scriptBlocks++;
                        tools.Add(ToolSchemaBuilder.FromScriptBlock(block, "script_block_" + scriptBlocks.ToString(CultureInfo.InvariantCulture)));
                        break;
                    case string text when text.TrimStart().StartsWith("{", StringComparison.Ordinal) || text.TrimStart().StartsWith("[", StringComparison.Ordinal):
                        tools.AddRange(FromJson(text));
                        break;
                    case string name:
                        tools.Add(ToolSchemaBuilder.FromCommand(Resolve(cmdlet, name)));
                        break;
                    case IDictionary map:
                        tools.Add(FromDictionary(cmdlet, map));
                        break;
                    case PSObject custom:
                        if (PowerShellValue.ToPlain(custom) is IDictionary<string, object?> fromObject) tools.Add(FromPlain(cmdlet, fromObject));
                        break;
                    default:
                        throw new DashScopeException(DashScopeErrorKind.InvalidInput,
                            "A tool must be a command (Get-Command ...), a command name, a script block, a hashtable or JSON schema, or New-QwenTool output; got " + item.GetType().Name + ".");
                }
            }
            var duplicate = tools.GroupBy(t => t.Name, StringComparer.OrdinalIgnoreCase).FirstOrDefault(g => g.Count() > 1);
            if (duplicate != null)
                throw new DashScopeException(DashScopeErrorKind.InvalidInput, "Two tools are named '" + duplicate.Key + "'. Give one another name with New-QwenTool -Name.");
            return tools;
        }

        public static CommandInfo Resolve(PSCmdlet cmdlet, string name)
        {
            var command = cmdlet.InvokeCommand.GetCommand(name, CommandTypes.Function | CommandTypes.Cmdlet | CommandTypes.Alias | CommandTypes.ExternalScript | CommandTypes.Filter);
            if (command == null)
                throw new DashScopeException(DashScopeErrorKind.InvalidInput, "There is no PowerShell command named '" + name + "' to use as a tool.");
            return command;
        }

        private static IEnumerable<QwenTool> FromJson(string text)
        {
            JsonDocument document;
            try
            {
                document = JsonDocument.Parse(text);
            }
            catch (JsonException exception)
            {
                throw new DashScopeException(DashScopeErrorKind.InvalidInput, "The tool schema is not valid JSON: " + exception.Message, exception);
            }
            using (document)
            {
                var value = document.RootElement.ToPlainValue();
                if (value is IDictionary<string, object?> single) return new[] { ToolSchemaBuilder.FromSchema(single) };
                if (value is List<object?> list) return list.OfType<IDictionary<string, object?>>().Select(ToolSchemaBuilder.FromSchema).ToList();
                throw new DashScopeException(DashScopeErrorKind.InvalidInput, "A JSON tool schema must be an object or an array of objects.");
            }
        }

        private static QwenTool FromDictionary(PSCmdlet cmdlet, IDictionary map)
        {
            var plain = new Dictionary<string, object?>(StringComparer.OrdinalIgnoreCase);
            foreach (DictionaryEntry entry in map)
            {
                var key = System.Convert.ToString(entry.Key, CultureInfo.InvariantCulture) ?? string.Empty;
                var value = entry.Value is PSObject wrapped ? wrapped.BaseObject : entry.Value;
                // Keep script blocks and commands as they are; the rest becomes plain values for the schema.
                plain[key] = value is ScriptBlock || value is CommandInfo ? value : PowerShellValue.ToPlain(entry.Value);
            }
            return FromPlain(cmdlet, plain);
        }

        private static QwenTool FromPlain(PSCmdlet cmdlet, IDictionary<string, object?> map)
        {
            object? Get(string key) => map.Where(p => string.Equals(p.Key, key, StringComparison.OrdinalIgnoreCase)).Select(p => p.Value).FirstOrDefault();
            string[]? Names(string key) => Get(key) switch
            {
                null => null,
                string one => new[] { one },
                IEnumerable many => many.Cast<object?>().Select(o => System.Convert.ToString(o, CultureInfo.InvariantCulture) ?? string.Empty).ToArray(),
                var other => new[] { System.Convert.ToString(other, CultureInfo.InvariantCulture) ?? string.Empty },
            };
            var name = Get("name") as string;
            var description = Get("description") as string;
            var block = Get("scriptblock") as ScriptBlock ?? Get("script") as ScriptBlock;
            var command = Get("command");
            if (block != null)
            {
                if (string.IsNullOrEmpty(name)) throw new DashScopeException(DashScopeErrorKind.InvalidInput, "A script-block tool needs a Name: @{ Name = 'get_weather'; ScriptBlock = { param($City) ... } }.");
                return ToolSchemaBuilder.FromScriptBlock(block, name!, description, Names("includeparameter"), Names("excludeparameter"));
            }
            if (command != null)
            {
                var info = command as CommandInfo ?? Resolve(cmdlet, System.Convert.ToString(command, CultureInfo.InvariantCulture) ?? string.Empty);
                return ToolSchemaBuilder.FromCommand(info, name, description, Names("includeparameter"), Names("excludeparameter"), Get("parametersetname") as string);
            }
            return ToolSchemaBuilder.FromSchema(map);
        }
    }
}
