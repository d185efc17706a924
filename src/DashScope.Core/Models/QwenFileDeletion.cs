
namespace DashScope.Models
{
    /// <summary>What Remove-QwenFile -PassThru reports: the id and whether the service deleted it.</summary>
    public sealed class QwenFileDeletion
    {
        public string Id { get; set; } = string.Empty;
        public bool Deleted { get; set; }
        public override string ToString() => Id + (Deleted ? " deleted" : " not deleted");
    }
}
