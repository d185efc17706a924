using System.Linq;
using System.Management.Automation;
using DashScope.Models;
using DashScope.Tools;

namespace DashScope.Cmdlets
{
    /// <summary>Makes a tool for Invoke-QwenChat -Tool from a PowerShell command, a script block or a JSON schema.</summary>
    /// <remarks>
    /// <para>
    /// New-QwenTool turns a command or a script block into a QwenTool: a function name, a description and a JSON schema
    /// of its parameters, generated from the parameter metadata. string and other text-like types become strings; int
    /// and long become integers, double and decimal numbers; bool and switch parameters booleans; enum types and
    /// ValidateSet become string enums; ValidateRange becomes minimum and maximum; arrays become arrays of their element
    /// type; hashtables objects. Mandatory parameters are required. Descriptions come from the HelpMessage of a
    /// parameter or from comment-based help (.SYNOPSIS, .DESCRIPTION, .PARAMETER, or a comment above the parameter).
    /// Common parameters (Verbose, ErrorAction, WhatIf, Confirm, ...) and parameters JSON cannot fill (script blocks,
    /// credentials) are left out; a mandatory one that cannot be offered is an error.
    /// </para>
    /// <para>
    /// The schema is also the boundary of what the model may do: when the tool runs, only the parameters in the schema
    /// can be bound, so -ExcludeParameter Force keeps -Force out of reach whatever the model sends. -IncludeParameter
    /// offers only the named parameters (wildcards allowed); -ParameterSetName picks the parameter set (default: the
    /// command's default set). -Schema wraps a raw function schema (a hashtable or JSON) into a schema-only tool, whose
    /// calls are returned to you instead of run. Inspect the result's Schema property to see what the model will get.
    /// </para>
    /// </remarks>
    /// <example>
    /// <code>Get-Command Get-Date | New-QwenTool -IncludeParameter Date, Format | Select-Object -ExpandProperty Schema</code>
    /// <para>Shows the JSON schema the model would get for Get-Date with two of its parameters.</para>
    /// </example>
    /// <example>
    /// <code>$tool = New-QwenTool -Name get_disk_free -Description 'Free space of a drive in GB' -ScriptBlock { param([Parameter(Mandatory)][string] $Drive) [math]::Round((Get-PSDrive $Drive).Free / 1GB, 1) }
    /// Invoke-QwenChat 'How much space is left on drive C?' -Tool $tool -InvokeTool Auto</code>
    /// <para>Makes a named tool from a script block and lets the model call it without asking.</para>
    /// </example>
    /// <example>
    /// <code>New-QwenTool -Command Stop-Process -ExcludeParameter Force, PassThru -Description 'Stops a process by its id'</code>
    /// <para>Offers Stop-Process without -Force and -PassThru; the model can never set them.</para>
    /// </example>
    /// <example>
    /// <code>New-QwenTool -Schema @{ name = 'get_weather'; description = 'Current weather'; parameters = @{ type = 'object'; properties = @{ city = @{ type = 'string' } }; required = @('city') } }</code>
    /// <para>A schema-only tool: when the model calls it, Invoke-QwenChat returns the call in ToolCalls for you to answer.</para>
    /// </example>
    [Cmdlet(VerbsCommon.New, "QwenTool", DefaultParameterSetName = CommandSet)]
    [OutputType(typeof(QwenTool))]
    public sealed class NewQwenToolCommand : PSCmdlet
    {
        private const string CommandSet = "Command";
        private const string ScriptBlockSet = "ScriptBlock";
        private const string SchemaSet = "Schema";

        /// <summary>The command to offer: a name, or a CommandInfo from Get-Command (pipeline input).</summary>
        [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true, ParameterSetName = CommandSet)]
        [ValidateNotNull]
        public object? Command { get; set; }

        /// <summary>A script block with a param block to offer; give it a -Name.</summary>
        [Parameter(Mandatory = true, ParameterSetName = ScriptBlockSet)]
        [ValidateNotNull]
        public ScriptBlock? ScriptBlock { get; set; }

        /// <summary>A raw function schema (hashtable or JSON text with name, description and parameters): a schema-only tool.</summary>
        [Parameter(Mandatory = true, ParameterSetName = SchemaSet)]
        [ValidateNotNull]
        public object? Schema { get; set; }

        /// <summary>The function name the model sees (1 to 64 letters, digits, _ or -); default: the command's name.</summary>
        [Parameter(ParameterSetName = CommandSet)]
        [Parameter(Mandatory = true, ParameterSetName = ScriptBlockSet)]
        [ValidateNotNullOrEmpty]
        public string? Name { get; set; }

        /// <summary>What the tool does, for the model; default: the synopsis from help.</summary>
        [Parameter(ParameterSetName = CommandSet)]
        [Parameter(ParameterSetName = ScriptBlockSet)]
        public string? Description { get; set; }

        /// <summary>Offers only these parameters (wildcards allowed).</summary>
        [Parameter(ParameterSetName = CommandSet)]
        [Parameter(ParameterSetName = ScriptBlockSet)]
        [SupportsWildcards]
        [ValidateNotNullOrEmpty]
        public string[]? IncludeParameter { get; set; }

        /// <summary>Never offers these parameters (wildcards allowed); the model cannot set them.</summary>
        [Parameter(ParameterSetName = CommandSet)]
        [Parameter(ParameterSetName = ScriptBlockSet)]
        [SupportsWildcards]
        [ValidateNotNullOrEmpty]
        public string[]? ExcludeParameter { get; set; }

        /// <summary>The parameter set whose parameters are offered; default: the command's default set.</summary>
        [Parameter(ParameterSetName = CommandSet)]
        [ValidateNotNullOrEmpty]
        public new string? ParameterSetName { get; set; }

        protected override void ProcessRecord()
        {
            try
            {
                QwenTool tool;
                switch (base.ParameterSetName)
                {
                    case ScriptBlockSet:
                        tool = ToolSchemaBuilder.FromScriptBlock(ScriptBlock!, Name!, Description, IncludeParameter, ExcludeParameter);
                        break;
                    case SchemaSet:
                        tool = ToolConverter.Convert(this, new[] { Schema }).Single();
                        if (tool.CanRun)
                            throw new DashScopeException(DashScopeErrorKind.InvalidInput, "-Schema takes a function schema; use -Command or -ScriptBlock for something to run.");
                        break;
                    default:
                        var value = Command is PSObject wrapped ? wrapped.BaseObject : Command;
                        var command = value as CommandInfo ?? ToolConverter.Resolve(this, value?.ToString() ?? string.Empty);
                        tool = ToolSchemaBuilder.FromCommand(command, Name, Description, IncludeParameter, ExcludeParameter, ParameterSetName);
                        break;
                }
                WriteObject(tool);
            }
            catch (DashScopeException invalid)
            {
                WriteError(ErrorRecords.From(invalid, Command ?? ScriptBlock ?? Schema));
            }
        }
    }
}
