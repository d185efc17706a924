using System.Management.Automation;
using System.Security;

namespace DashScope.Cmdlets
{
    /// <summary>Accepts a plain string where a SecureString is wanted, so -ApiKey $env:KEY works too.</summary>
    public sealed class SecureStringTransformationAttribute : ArgumentTransformationAttribute
    {
        public override object? Transform(EngineIntrinsics engineIntrinsics, object? inputData)
        {
            var value = inputData is PSObject wrapped ? wrapped.BaseObject : inputData;
            if (value is string text)
            {
                var secure = new SecureString();
                foreach (var character in text) secure.AppendChar(character);
                secure.MakeReadOnly();
                return secure;
            }
            return value;
        }
    }
}
