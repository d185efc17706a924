using System.Collections;
using System.Collections.Generic;
using System.Management.Automation;
using DashScope.Completion;
using DashScope.Media;
using DashScope.Models;
using DashScope.Requests;

namespace DashScope.Cmdlets
{
    /// <summary>Reads text, tables, formulas or form fields from images with a Qwen OCR model.</summary>
    /// <remarks>
    /// <para>
    /// Get-QwenOcr sends each image to a Qwen OCR model (default qwen-vl-ocr-latest) with one of the model's built-in
    /// tasks and writes one QwenOcrResult per image: File, Task, Text, Usage, RequestId, Model and Path, plus Fields
    /// (key information extraction) or Words (advanced recognition).
    /// </para>
    /// <para>
    /// TASKS. -Task takes TextRecognition (the default when no -Prompt is given), KeyInformationExtraction,
    /// TableParsing (an HTML table in Text), DocumentParsing and FormulaRecognition (LaTeX in Text), MultiLanguage, and
    /// AdvancedRecognition (each word with its four corners and its rotated rectangle). The names complete with Tab
    /// and map to the service's task names (text_recognition, key_information_extraction, table_parsing,
    /// document_parsing, formula_recognition, multi_lan, advanced_recognition). With -Prompt and no -Task the question
    /// is sent as is.
    /// </para>
    /// <para>
    /// FIELDS. With -Schema (a hashtable or, to keep the order, an [ordered] dictionary of field names and
    /// descriptions; a nested dictionary is a group of fields) the task is KeyInformationExtraction and each image
    /// gives one object: File, then the fields in the schema's order (a field the model did not find is $null, a group
    /// is a nested object), then RequestId. So Get-ChildItem ./invoices/*.jpg | Get-QwenOcr -Schema $schema |
    /// Export-Csv invoices.csv writes one row per invoice. -Raw writes the whole QwenOcrResult instead (the fields in
    /// its Fields).
    /// </para>
    /// <para>
    /// OBJECTS. -AsObject turns TableParsing answers into one object per table row (the first row names the
    /// properties) and AdvancedRecognition answers into one QwenOcrWord per word (Text, Location, RotateRect, File).
    /// </para>
    /// <para>
    /// INPUT. -Path (the first argument, or piped strings) takes paths with wildcards and http(s), oss:// or data:
    /// URLs; files piped from Get-ChildItem bind to -LiteralPath by their PSPath; relative paths resolve against the
    /// current PowerShell location. Local files are sent inline when small and through the temporary upload
    /// otherwise (-UploadMode forces either). -MinPixels and -MaxPixels bound the image's scaling, -EnableRotate lets
    /// the service straighten rotated scans. A missing file, a directory, a file that is not an image, or one over
    /// the limit is an error for that file, written before any request.
    /// </para>
    /// </remarks>
    /// <example>
    /// <code>Get-QwenOcr ./screenshot.png</code>
    /// <para>Reads all the text of one image.</para>
    /// </example>
    /// <example>
    /// <code>$schema = [ordered]@{ InvoiceNumber = 'the invoice number'; Date = 'the date, as YYYY-MM-DD'; Seller = [ordered]@{ Name = ''; TaxId = '' } }
    /// Get-ChildItem ./invoices/*.jpg | Get-QwenOcr -Task KeyInformationExtraction -Schema $schema | Export-Csv ./invoices.csv -NoTypeInformation</code>
    /// <para>One row per invoice with File, InvoiceNumber, Date, Seller and RequestId.</para>
    /// </example>
    /// <example>
    /// <code>Get-QwenOcr ./table.jpg -Task TableParsing -AsObject | Format-Table</code>
    /// <para>Reads a table and writes each row as an object whose properties are the column headers.</para>
    /// </example>
    /// <example>
    /// <code>Get-QwenOcr ./diagram.png -Task AdvancedRecognition -AsObject | Where-Object Text -match 'Hello'</code>
    /// <para>Finds words with their positions in the image.</para>
    /// </example>
    /// <example>
    /// <code>Get-QwenOcr https://example.com/formula.png -Task FormulaRecognition -MinPixels 3136 -MaxPixels 6422528 -EnableRotate</code>
    /// <para>Reads a formula as LaTeX from an image on the web, with scaling bounds and rotation correction.</para>
    /// </example>
    [Cmdlet(VerbsCommon.Get, "QwenOcr", DefaultParameterSetName = PathSet)]
    [OutputType(typeof(QwenOcrResult), typeof(QwenOcrWord), typeof(PSObject))]
    public sealed class GetQwenOcrCommand : QwenImageCmdlet
    {
        /// <summary>The default model.</summary>
        public const string DefaultModel = "qwen-vl-ocr-latest";

        /// <summary>Type name of the field objects of key information extraction.</summary>
        public const string FieldsTypeName = "DashScope.Models.QwenOcrFields";

        /// <summary>Type name of the row objects of table parsing with -AsObject.</summary>
        public const string TableRowTypeName = "DashScope.Models.QwenOcrTableRow";

        private OcrTask? _task;
        private IDictionary<string, object?>? _schema;

        /// <summary>Images (wildcards expand) or URLs (http, https, oss, data); one request and one result each.</summary>
        [Parameter(Mandatory = true, Position = 0, ParameterSetName = PathSet, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
        [Alias("Image", "Url")]
        [ValidateNotNullOrEmpty]
        public string[]? Path { get; set; }

        /// <summary>Images taken literally (no wildcards); Get-ChildItem output binds here by PSPath.</summary>
        [Parameter(Mandatory = true, ParameterSetName = LiteralPathSet, ValueFromPipelineByPropertyName = true)]
        [Alias("PSPath", "LP")]
        [ValidateNotNullOrEmpty]
        public string[]? LiteralPath { get; set; }

        /// <summary>The built-in task: TextRecognition, KeyInformationExtraction, TableParsing, DocumentParsing, FormulaRecognition, MultiLanguage or AdvancedRecognition.</summary>
        [Parameter]
        public OcrTask? Task { get; set; }

        /// <summary>Key information extraction: field names and descriptions ([ordered] keeps the order; nested dictionaries are groups).</summary>
        [Parameter]
        [ValidateNotNullOrEmpty]
        public IDictionary? Schema { get; set; }

        /// <summary>A question or instruction about the image instead of a built-in task.</summary>
        [Parameter]
        [Alias("Question")]
        public string? Prompt { get; set; }

        /// <summary>Table parsing: one object per table row. Advanced recognition: one object per word.</summary>
        [Parameter]
        public SwitchParameter AsObject { get; set; }

        /// <summary>Key information extraction: write the whole QwenOcrResult rather than the flat field object.</summary>
        [Parameter]
        public SwitchParameter Raw { get; set; }

        /// <summary>The model; tab completion suggests OCR models, any name is accepted.</summary>
        [Parameter]
        [ArgumentCompleter(typeof(OcrModelCompleter))]
        [ValidateNotNullOrEmpty]
        public override string Model { get; set; } = DefaultModel;

        protected override void BeginProcessing()
        {
            base.BeginProcessing();
            _task = Task;
            if (Schema != null)
            {
                if (_task.HasValue && _task != OcrTask.KeyInformationExtraction)
                {
                    ThrowTerminatingError(ErrorRecords.InvalidInput(
                        "-Schema is for -Task KeyInformationExtraction, not " + _task + ".", "SchemaNeedsKeyInformationExtraction", Schema));
                }
                _task = OcrTask.KeyInformationExtraction;
                _schema = PowerShellValue.ToPlain(Schema) as IDictionary<string, object?>;
            }
            if (_task == OcrTask.KeyInformationExtraction && (_schema == null || _schema.Count == 0))
            {
                ThrowTerminatingError(ErrorRecords.InvalidInput(
                    "Key information extraction needs -Schema: the fields to extract, e.g. -Schema ([ordered]@{ InvoiceNumber = 'the invoice number' }).",
                    "MissingSchema", null));
            }
            if (!_task.HasValue && string.IsNullOrEmpty(Prompt)) _task = OcrTask.TextRecognition;
            if (AsObject.IsPresent && _task != OcrTask.TableParsing && _task != OcrTask.AdvancedRecognition)
                WriteWarning("-AsObject applies to -Task TableParsing and AdvancedRecognition only.");
        }

        protected override void ProcessRecord()
        {
            var literal = ParameterSetName == LiteralPathSet;
            ForEachFile(literal ? LiteralPath! : Path!, literal, MediaKind.Image, Read);
        }

        private void Read(MediaInput image)
        {
            var imagePart = ImagePart(image);
            var parts = new List<QwenContentPart> { imagePart };
            if (!string.IsNullOrEmpty(Prompt)) parts.Add(QwenContentPart.FromText(Prompt));

            var request = new ChatRequest
            {
                Model = Model,
                Messages = MessageComposer.Compose(SystemPrompt, null, null, new QwenChatMessage("user", Prompt ?? string.Empty) { Parts = parts }, asParts: true),
                Prompt = Prompt,
                Multimodal = true,
                Temperature = Temperature,
                TopP = TopP,
                Seed = Seed,
                MaxTokens = MaxTokens,
                Ocr = _task.HasValue ? new OcrOptions { Task = _task.Value, ResultSchema = _schema } : null,
                AdditionalParameters = PlainAdditionalParameters(),
            };
            var task = _task;
            var schema = _schema;
            var asObject = AsObject.IsPresent;
            var raw = Raw.IsPresent;
            SendMedia(request, new[] { new PendingPart(imagePart, new[] { image }, frames: false) },
                result => Shape(MultimodalResults.Ocr(result, image, task), task, schema, asObject, raw), image.Value);
        }

        private static object? Shape(QwenOcrResult result, OcrTask? task, IDictionary<string, object?>? schema, bool asObject, bool raw)
        {
            if (task == OcrTask.KeyInformationExtraction && !raw) return FieldObject(result, schema!);
            if (asObject && task == OcrTask.AdvancedRecognition) return result.Words;
            if (asObject && task == OcrTask.TableParsing)
            {
                var rows = new List<PSObject>();
                foreach (var row in MultimodalResults.TableRows(result.Text))
                {
                    var item = new PSObject();
                    item.TypeNames.Insert(0, TableRowTypeName);
                    foreach (var cell in row) item.Properties.Add(new PSNoteProperty(cell.Key, cell.Value));
                    rows.Add(item);
                }
                return rows;
            }
            return result;
        }

        /// <summary>File, the schema's fields in its order (missing: $null; groups: nested objects), RequestId.</summary>
        internal static PSObject FieldObject(QwenOcrResult result, IDictionary<string, object?> schema)
        {
            var item = new PSObject();
            item.TypeNames.Insert(0, FieldsTypeName);
            if (!schema.ContainsKey("File")) item.Properties.Add(new PSNoteProperty("File", result.File));
            Fill(item, schema, result.Fields);
            if (!schema.ContainsKey("RequestId")) item.Properties.Add(new PSNoteProperty("RequestId", result.RequestId));
            return item;
        }

        private static void Fill(PSObject item, IDictionary<string, object?> schema, IDictionary<string, object?>? values)
        {
            foreach (var field in schema)
            {
                object? value = null;
                values?.TryGetValue(field.Key, out value);
                if (field.Value is IDictionary<string, object?> group)
                {
                    var nested = new PSObject();
                    Fill(nested, group, value as IDictionary<string, object?>);
                    value = nested;
                }
                else
                {
                    value = PowerShellValue.FromPlain(value);
                }
                item.Properties.Add(new PSNoteProperty(field.Key, value));
            }
            if (values == null) return;
            foreach (var extra in values)
            {
                // Fields the model added beyond the schema are kept, after the schema's.
                if (!schema.ContainsKey(extra.Key) && item.Properties[extra.Key] == null)
                    item.Properties.Add(new PSNoteProperty(extra.Key, PowerShellValue.FromPlain(extra.Value)));
            }
        }
    }
}
