using System;
using System.Collections;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Management.Automation;
using System.Management.Automation.Host;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;
using DashScope.Client;
using DashScope.Execution;
using DashScope.Models;
using DashScope.Requests;
using DashScope.Json;
using DashScope.Tools;
using DashScope.Transport;

namespace DashScope.Cmdlets
{
    /// <summary>The answer format asked of the model (-ResponseFormat).</summary>
    public enum QwenResponseFormat
    {
        /// <summary>Normal text.</summary>
        Text,
        /// <summary>One JSON object (response_format json_object).</summary>
        JsonObject,
    }
}
