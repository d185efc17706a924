using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using DashScope.Client;
using DashScope.Media;
using DashScope.Models;
using DashScope.Requests;

namespace DashScope.Conversations
{
    /// <summary>
    /// One question of a console conversation: its text, the files attached to it, and the conversation it continues.
    /// Attachments are resolved (inlined or uploaded) once, when the question is first sent.
    /// </summary>
    public sealed class ChatTurn
    {
        internal ChatTurn(string text, IReadOnlyList<ChatAttachment> attachments, IReadOnlyList<QwenChatMessage> conversation)
        {
            Text = text;
            Attachments = attachments;
            Conversation = conversation;
        }

        /// <summary>The question as typed.</summary>
        public string Text { get; }

        public IReadOnlyList<ChatAttachment> Attachments { get; }

        /// <summary>The conversation before this question.</summary>
        public IReadOnlyList<QwenChatMessage> Conversation { get; }

        /// <summary>Uploads documents and turns local media into URLs; attachments resolved before are kept as they are.</summary>
        public async Task ResolveAsync(MediaResolver media, FilesClient files, CancellationToken cancellationToken)
        {
            foreach (var attachment in Attachments)
            {
                if (attachment.Resolved != null) continue;
                if (attachment.Kind == ChatAttachmentKind.Document)
                {
                    var file = await files.UploadAsync(attachment.Source, FilesClient.DefaultPurpose, cancellationToken).ConfigureAwait(false);
                    attachment.Resolved = file.Id;
                    attachment.Uploaded = true;
                }
                else
                {
                    attachment.Resolved = await media.ResolveAsync(attachment.Media!, cancellationToken).ConfigureAwait(false);
                }
            }
        }

        /// <summary>
        /// The messages to send (after <see cref="ResolveAsync"/>): the conversation, documents referred to in a system
        /// message, and the question, with media parts before its text when there are media.
        /// </summary>
        public List<QwenChatMessage> Messages()
        {
            var messages = new List<QwenChatMessage>(Conversation);
            var documents = Attachments.Where(a => a.Kind == ChatAttachmentKind.Document && a.Resolved != null).Select(a => a.Resolved!).ToList();
            MessageComposer.AttachDocuments(messages, documents);
            var media = Attachments.Where(a => a.Kind != ChatAttachmentKind.Document).ToList();
            var question = new QwenChatMessage("user", Text);
            if (media.Count > 0)
            {
                var parts = new List<QwenContentPart>();
                foreach (var attachment in media) parts.Add(PartOf(attachment));
                parts.Add(QwenContentPart.FromText(Text));
                question.Parts = parts;
            }
            messages.Add(question);
            return messages;
        }

        private static QwenContentPart PartOf(ChatAttachment attachment)
        {
            var url = attachment.Resolved ?? throw new System.InvalidOperationException("The attachment " + attachment + " was not resolved.");
            switch (attachment.Kind)
            {
                case ChatAttachmentKind.Image: return QwenContentPart.Image(url, attachment.Source);
                case ChatAttachmentKind.Video: return QwenContentPart.Video(url, attachment.Source);
                default: return QwenContentPart.Audio(url, attachment.Source);
            }
        }

        public override string ToString() => Text;
    }
}
