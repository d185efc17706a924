using System;
using System.Collections.Generic;

namespace DashScope.Requests
{
    /// <summary>The built-in tasks of the qwen-vl-ocr models.</summary>
    public enum OcrTask
    {
        /// <summary>Plain text of the image (text_recognition).</summary>
        TextRecognition,
        /// <summary>Fields filled from a schema (key_information_extraction).</summary>
        KeyInformationExtraction,
        /// <summary>Tables as HTML (table_parsing).</summary>
        TableParsing,
        /// <summary>Documents as LaTeX (document_parsing).</summary>
        DocumentParsing,
        /// <summary>Formulas as LaTeX (formula_recognition).</summary>
        FormulaRecognition,
        /// <summary>Text in many languages (multi_lan).</summary>
        MultiLanguage,
        /// <summary>Words with their positions (advanced_recognition).</summary>
        AdvancedRecognition,
    }

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

    /// <summary>asr_options: {"language": "zh", "enable_itn": true, "enable_lid": true}.</summary>
    public sealed class AsrOptions
    {
        /// <summary>The language of the audio when known (zh, en, ja, ...); null lets the model detect it.</summary>
        public string? Language { get; set; }

        /// <summary>Inverse text normalisation (numbers as digits; Chinese and English).</summary>
        public bool? EnableItn { get; set; }

        /// <summary>Report the detected language.</summary>
        public bool? EnableLid { get; set; }

        public bool IsEmpty => Language == null && !EnableItn.HasValue && !EnableLid.HasValue;
    }
}
