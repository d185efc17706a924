using System;
using System.Text.Json;

namespace DashScope.Json
{
    /// <summary>
    /// A <see cref="Utf8JsonReader"/> over a whole JSON text that can skip ahead: code that reads part of the text itself
    /// (the numbers of a vector) moves the reader past that part, keeping its place in the structure.
    /// </summary>
    internal ref struct JsonCursor
    {
        public JsonCursor(ReadOnlySpan<byte> json)
        {
            Json = json;
            Offset = 0;
            Reader = new Utf8JsonReader(json);
        }

        /// <summary>The whole text.</summary>
        public ReadOnlySpan<byte> Json { get; }

        /// <summary>Where in <see cref="Json"/> the reader's span starts: its indexes are relative to this.</summary>
        public int Offset { get; private set; }

        public Utf8JsonReader Reader;

        /// <summary>
        /// Moves the reader to <paramref name="position"/> in the text, in the structure it is in now: after a
        /// StartArray, a position at the array's ']' reads as the end of that array.
        /// </summary>
        public void ResumeAt(int position)
        {
            var state = Reader.CurrentState;
            Offset = position;
            Reader = new Utf8JsonReader(Json.Slice(position), isFinalBlock: true, state);
        }
    }
}
