using System;
using System.Collections.Generic;

namespace DashScope.Requests
{
    /// <summary>ocr_options: {"task": ..., "task_config": {"result_schema": {...}}}.</summary>
    public sealed class OcrOptions
    {
        public OcrTask Task { get; set; }

        /// <summary>
        /// For key information extraction: field name → description (a string) or a nested schema
        /// (a dictionary). The order is kept, and the extracted fields come back in it.
        /// </summary>
        public IDictionary<string, object?>? ResultSchema { get; set; }

        /// <summary>The task's name on the wire.</summary>
        public string WireTask => WireName(Task);

        public static string WireName(OcrTask task)
        {
            switch (task)
            {
                case OcrTask.TextRecognition: return "text_recognition";
                case OcrTask.KeyInformationExtraction: return "key_information_extraction";
                case OcrTask.TableParsing: return "table_parsing";
                case OcrTask.DocumentParsing: return "document_parsing";
                case OcrTask.FormulaRecognition: return "formula_recognition";
                case OcrTask.MultiLanguage: return "multi_lan";
                case OcrTask.AdvancedRecognition: return "advanced_recognition";
                default: throw new ArgumentOutOfRangeException(nameof(task), task, null);
            }
        }
    }
}
