using System.Threading.Tasks;
using DashScope.Streaming;

namespace DashScope.Client
{
    /// <summary>Receives each event of a streamed chat as it arrives (a cmdlet writes records from it).</summary>
    public interface IChatStreamObserver
    {
        /// <summary>True when the answer is shown as it arrives: the result is then marked as streamed.</summary>
        bool ShowsAnswer { get; }

        Task OnEventAsync(ChatStreamEvent chatEvent);
    }
}
