using System.Collections;
using System.Collections.Generic;
using System.Management.Automation;
using DashScope.Requests;

namespace DashScope.Cmdlets
{
    /// <summary>
    /// Base of the cmdlets whose answers are generated text (models and applications): sampling parameters, -Stream,
    /// and the request parameters given by hand (-AdditionalParameters).
    /// </summary>
    public abstract class QwenSamplingCmdlet : QwenRequestCmdlet
    {
        /// <summary>
        /// Sampling temperature, from 0 to just below 2 (temperature). Lower values give more focused and repeatable
        /// answers, higher values more varied ones. Without it the model's default applies.
        /// </summary>
        [Parameter]
        [ValidateRange(0.0, 1.999)]
        public double? Temperature { get; set; }

        /// <summary>
        /// Nucleus sampling threshold, above 0 and up to 1 (top_p): only the most likely tokens whose probabilities add
        /// up to this value are considered. Lower values give more focused answers.
        /// </summary>
        [Parameter]
        [ValidateRange(0.0001, 1.0)]
        public double? TopP { get; set; }

        /// <summary>
        /// Random seed (seed). With the same seed, prompt and parameters the model tries to give the same answer; that is
        /// likely, not guaranteed.
        /// </summary>
        [Parameter]
        [ValidateRange(0L, long.MaxValue)]
        public long? Seed { get; set; }

        /// <summary>
        /// Request parameters the cmdlet has no parameter for, sent as given in the parameters of the request, for
        /// example @{ enable_search = $true } or @{ response_format = @{ type = 'json_object' } }. A key here overrides
        /// the matching cmdlet parameter (such as temperature); result_format and incremental_output belong to the cmdlet
        /// and are ignored.
        /// </summary>
        [Parameter]
        [Alias("Parameters")]
        public Hashtable? AdditionalParameters { get; set; }

        /// <summary>
        /// Writes the answer while it arrives: one QwenChatStreamRecord per server event (its Text is only the new
        /// piece), then the final result. At an interactive console the text flows as prose, then a footer line follows.
        /// Select-Object -First N or Ctrl+C closes the connection at once.
        /// </summary>
        [Parameter]
        public SwitchParameter Stream { get; set; }

        protected override bool WritesStreamRecords => Stream.IsPresent;

        /// <summary>
        /// -AdditionalParameters as plain values for the request, modelled names in their wire spelling whatever case
        /// or form the user wrote (Temperature, top_p); a warning when one overrides a parameter given by name.
        /// </summary>
        protected IReadOnlyDictionary<string, object?> PlainAdditionalParameters()
        {
            var parameters = new Dictionary<string, object?>();
            PowerShellValue.CopyInto(AdditionalParameters, parameters);
            var canonical = ParameterNames.Canonicalize(parameters);
            foreach (var name in canonical.Keys)
            {
                if (ParameterNames.Modelled.TryGetValue(name, out var parameter) && MyInvocation.BoundParameters.ContainsKey(parameter) && !_overrideWarned)
                {
                    WriteWarning("-AdditionalParameters sets " + name + ", which overrides -" + parameter + ".");
                }
            }
            _overrideWarned = true;
            return canonical;
        }

        private bool _overrideWarned;
    }
}
