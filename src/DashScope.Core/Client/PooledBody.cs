using System;
using System.Buffers;

namespace DashScope.Client
{
    /// <summary>A response body in a buffer rented from the shared pool; disposing returns the buffer.</summary>
    internal sealed class PooledBody : IDisposable
    {
        private byte[]? _buffer;
        private readonly int _offset;
        private readonly int _length;

        public PooledBody(byte[] buffer, int offset, int length)
        {
            _buffer = buffer;
            _offset = offset;
            _length = length;
        }

        public int Length => _length;

        public ReadOnlyMemory<byte> Memory => _buffer == null
            ? throw new ObjectDisposedException(nameof(PooledBody))
            : new ReadOnlyMemory<byte>(_buffer, _offset, _length);

        public void Dispose()
        {
            var buffer = _buffer;
            _buffer = null;
            if (buffer != null) ArrayPool<byte>.Shared.Return(buffer);
        }
    }
}
