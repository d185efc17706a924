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
