using System;
using System.Collections.Generic;
using System.Linq;
using DashScope.Catalog;
using DashScope.Models;
using DashScope.Requests;

namespace DashScope.Conversations
{
    /// <summary>
    /// The state of a console conversation, apart from any console: the messages so far, the model, the system prompt,
    /// files waiting for the next question, the last question (for /retry), and the tokens used. Questions go out as
    /// <see cref="ChatTurn"/>s; a turn joins the conversation only when its answer is complete, so a failed or stopped
    /// answer leaves the conversation as it was.
    /// </summary>
    public sealed class ChatSession
    {
        private const string DocumentReference = "fileid://";

        private readonly List<ChatAttachment> _attachments = new List<ChatAttachment>();
        private List<QwenChatMessage> _history;
        private ChatTurn? _lastTurn;
        private int _lastTurnEnd = -1;

        /// <param name="model">The model to ask.</param>
        /// <param name="conversation">A conversation to go on with (a result's History, or messages loaded from a file).</param>
        /// <param name="systemPrompt">Replaces the conversation's system prompt when given.</param>
        public ChatSession(string model, IEnumerable<QwenChatMessage>? conversation = null, string? systemPrompt = null)
        {
            if (string.IsNullOrWhiteSpace(model)) throw new ArgumentException("A conversation needs a model.", nameof(model));
            Model = model;
            _history = conversation?.ToList() ?? new List<QwenChatMessage>();
            if (!string.IsNullOrEmpty(systemPrompt)) SetSystemPrompt(systemPrompt);
        }

        /// <summary>The model the next question goes to.</summary>
        public string Model { get; set; }

        /// <summary>The conversation so far, oldest message first.</summary>
        public IReadOnlyList<QwenChatMessage> History => _history;

        /// <summary>Files attached with /file, waiting for the next question.</summary>
        public IReadOnlyList<ChatAttachment> Attachments => _attachments;

        public ChatUsageTotals Usage { get; } = new ChatUsageTotals();

        /// <summary>The result of the last answer that completed.</summary>
        public QwenChatResult? LastResult { get; private set; }

        /// <summary>The system prompt: the first system message that is not a document reference.</summary>
        public string? SystemPrompt => _history.FirstOrDefault(IsInstruction)?.Content;

        /// <summary>The text of the last answer in the conversation, or null when there is none.</summary>
        public string? LastAnswer =>
            _history.LastOrDefault(message => message.Role == "assistant" && !string.IsNullOrEmpty(message.Content))?.Content;

        /// <summary>True when /retry has a question to ask again.</summary>
        public bool CanRetry => _lastTurn != null;

        /// <summary>Replaces the system prompt (documents stay); null or empty removes it.</summary>
        public void SetSystemPrompt(string? text)
        {
            _history.RemoveAll(IsInstruction);
            if (!string.IsNullOrEmpty(text)) _history.Insert(0, new QwenChatMessage("system", text));
        }

        /// <summary>Refers the model to documents already uploaded (file ids), in a system message after the system prompt.</summary>
        public void AddDocuments(IReadOnlyCollection<string> fileIds) => MessageComposer.AttachDocuments(_history, fileIds);

        /// <summary>
        /// Attaches a file to the next question. When the model cannot read it, switches to one that can and returns that
        /// model's name (null when the model stays).
        /// </summary>
        public string? Attach(ChatAttachment attachment, ModelCatalog catalog)
        {
            if (attachment == null) throw new ArgumentNullException(nameof(attachment));
            _attachments.Add(attachment);
            if (attachment.SuitsModel(catalog.Find(Model))) return null;
            Model = attachment.FallbackModel;
            return Model;
        }

        /// <summary>Starts a question: it takes the waiting attachments with it.</summary>
        public ChatTurn Ask(string text)
        {
            var turn = new ChatTurn(text ?? string.Empty, _attachments.ToList(), _history.ToList());
            _attachments.Clear();
            _lastTurn = turn;
            _lastTurnEnd = -1;
            return turn;
        }

        /// <summary>The answer arrived whole: the conversation becomes its history (the question, tool rounds and answer added).</summary>
        public void Complete(ChatTurn turn, QwenChatResult result)
        {
            if (turn == null) throw new ArgumentNullException(nameof(turn));
            if (result == null) throw new ArgumentNullException(nameof(result));
            _history = result.History.ToList();
            LastResult = result;
            if (ReferenceEquals(turn, _lastTurn)) _lastTurnEnd = _history.Count;
        }

        /// <summary>
        /// The last question again. Its answer, when it is still the end of the conversation, is dropped first; after a
        /// failed or stopped answer the question is simply sent again. Null when there is no question to repeat.
        /// </summary>
        public ChatTurn? Retry()
        {
            var last = _lastTurn;
            if (last == null) return null;
            if (_lastTurnEnd == _history.Count) RemoveLastExchange();
            var turn = new ChatTurn(last.Text, last.Attachments, _history.ToList());
            _lastTurn = turn;
            _lastTurnEnd = -1;
            return turn;
        }

        /// <summary>Drops the last question and everything after it; returns that question, or null when there is none.</summary>
        public QwenChatMessage? Undo()
        {
            var answered = _lastTurnEnd == _history.Count;
            var removed = RemoveLastExchange();
            if (removed != null && answered) _lastTurnEnd = -1;
            return removed;
        }

        /// <summary>Forgets the conversation and the waiting attachments; the system prompt and documents stay.</summary>
        public void Clear()
        {
            _history.RemoveAll(message => message.Role != "system");
            _attachments.Clear();
            _lastTurn = null;
            _lastTurnEnd = -1;
            LastResult = null;
        }

        /// <summary>Replaces the conversation (a file saved by /save).</summary>
        public void Load(IEnumerable<QwenChatMessage> messages)
        {
            _history = messages.ToList();
            _attachments.Clear();
            _lastTurn = null;
            _lastTurnEnd = -1;
            LastResult = null;
        }

        /// <summary>
        /// The conversation as a result to continue elsewhere: the last answer's result with the whole history when that
        /// answer still ends the conversation, else a result holding the history and its last answer's text.
        /// </summary>
        public QwenChatResult ToResult()
        {
            var history = _history.ToList();
            var last = LastResult;
            if (last != null && last.History.Count > 0 && history.Count > 0 && ReferenceEquals(last.History[last.History.Count - 1], history[history.Count - 1]))
            {
                last.History = history;
                return last;
            }
            return new QwenChatResult
            {
                Text = LastAnswer ?? string.Empty,
                Model = Model,
                History = history,
                Completed = true,
            };
        }

        private QwenChatMessage? RemoveLastExchange()
        {
            var index = _history.FindLastIndex(message => message.Role == "user");
            if (index < 0) return null;
            var question = _history[index];
            _history.RemoveRange(index, _history.Count - index);
            return question;
        }

        private static bool IsInstruction(QwenChatMessage message) =>
            message.Role == "system" && !(message.Content ?? string.Empty).StartsWith(DocumentReference, StringComparison.Ordinal);
    }
}
