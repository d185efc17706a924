
namespace DashScope.Transport
{
    /// <summary>Deployment regions with a shared DashScope host.</summary>
    public enum DashScopeRegion
    {
        Beijing,
        Singapore,
        US,
        HongKong,
    }
}
