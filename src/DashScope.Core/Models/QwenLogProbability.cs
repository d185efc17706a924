using System;
using System.Collections.Generic;
using System.Globalization;

namespace DashScope.Models
{
    /// <summary>One token of an answer and how likely the model found it (-LogProbabilities), with the alternatives it weighed.</summary>
    public sealed class QwenLogProbability
    {
        public string Token { get; set; } = string.Empty;

        /// <summary>The natural logarithm of the token's probability (0 = certain).</summary>
        public double LogProbability { get; set; }

        /// <summary>The probability, from 0 to 1.</summary>
        public double Probability => Math.Exp(LogProbability);

        /// <summary>The token's UTF-8 bytes (a token can be part of a character).</summary>
        public byte[] Bytes { get; set; } = new byte[0];

        /// <summary>The most likely tokens at this position (-TopLogProbabilities), the chosen one among them; empty when not asked for.</summary>
        public IList<QwenLogProbability> TopAlternatives { get; set; } = new List<QwenLogProbability>();

        public override string ToString() => Token + " " + LogProbability.ToString("0.####", CultureInfo.InvariantCulture);
    }
}
