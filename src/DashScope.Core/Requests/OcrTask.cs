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
}
