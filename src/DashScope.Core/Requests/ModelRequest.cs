using System;
using System.Collections.Generic;
using System.Text.Json;
using DashScope.Client;
using DashScope.Json;

namespace DashScope.Requests
{
    /// <summary>
    /// The native body most services share: {"model", "input":{…}, "parameters":{…}}. A family writes its input and its
    /// modelled parameters; <see cref="AdditionalParameters"/> carries the rest.
    /// </summary>
    public abstract class ModelRequest<TResponse> : ServiceRequest<TResponse>
    {
        protected ModelRequest(string model)
        {
            Model = model;
        }

        public string Model { get; set; }

        /// <summary>
        /// Extra "parameters" members not modelled by the family, sent as given (plain .NET values); they override
        /// modelled values of the same name.
        /// </summary>
        public IDictionary<string, object?> AdditionalParameters { get; set; } = new Dictionary<string, object?>();

        public override void Validate()
        {
            if (string.IsNullOrWhiteSpace(Model))
                throw new DashScopeException(DashScopeErrorKind.InvalidInput, "No model was given.");
        }

        public sealed override void WriteBody(Utf8JsonWriter writer)
        {
            writer.WriteStartObject();
            writer.WriteString("model", Model);
            writer.WriteStartObject("input");
            WriteInput(writer);
            writer.WriteEndObject();

            // The object is opened lazily: no "parameters" member when there are none.
            var opened = false;
            void Open()
            {
                if (opened) return;
                writer.WriteStartObject("parameters");
                opened = true;
            }
            var extra = AdditionalParameters ?? new Dictionary<string, object?>();
            WriteParameters(new ParameterWriter(writer, Open, name => extra.ContainsKey(name)));
            foreach (var pair in extra)
            {
                Open();
                writer.WritePropertyName(pair.Key);
                JsonValueWriter.Write(writer, pair.Value);
            }
            if (opened) writer.WriteEndObject();
            writer.WriteEndObject();
        }

        /// <summary>Writes the members of "input".</summary>
        protected abstract void WriteInput(Utf8JsonWriter writer);

        /// <summary>Writes the modelled members of "parameters" through <paramref name="parameters"/>, which skips overridden ones.</summary>
        protected abstract void WriteParameters(ParameterWriter parameters);

        /// <summary>Writes "parameters" members unless <see cref="AdditionalParameters"/> overrides them.</summary>
        protected sealed class ParameterWriter
        {
            private readonly Utf8JsonWriter _writer;
            private readonly Action _open;
            private readonly Func<string, bool> _overridden;

            internal ParameterWriter(Utf8JsonWriter writer, Action open, Func<string, bool> overridden)
            {
                _writer = writer;
                _open = open;
                _overridden = overridden;
            }

            public void Write(string name, string? value)
            {
                if (value == null || _overridden(name)) return;
                _open();
                _writer.WriteString(name, value);
            }

            public void Write(string name, int? value)
            {
                if (!value.HasValue || _overridden(name)) return;
                _open();
                _writer.WriteNumber(name, value.Value);
            }

            public void Write(string name, bool? value)
            {
                if (!value.HasValue || _overridden(name)) return;
                _open();
                _writer.WriteBoolean(name, value.Value);
            }

            /// <summary>Any plain value (a list of numbers or strings, a dictionary); nothing for null.</summary>
            public void WriteValue(string name, object? value)
            {
                if (value == null || _overridden(name)) return;
                _open();
                _writer.WritePropertyName(name);
                JsonValueWriter.Write(_writer, value);
            }
        }
    }
}
