using System.Buffers;
using System.IO.MemoryMappedFiles;

namespace CredentialHub.Groth16.Formats;

/// <summary>
/// A whole file mapped copy-on-write (private: nothing written through it reaches the file), so that arrays stored
/// in it as they are laid out in memory are used in place: no copy and none of the fresh, zeroed memory a copy would
/// need. <see cref="Elements{T}"/> hands out a range as elements; each range keeps the mapping alive, and the mapping is
/// released when neither it nor any range is referenced (or at <see cref="Dispose"/>). Whoever uses a span of a range
/// must keep the range's owner reachable while the span is in use (<see cref="GC.KeepAlive"/>), since a span does not.
/// The file must not be truncated while it is mapped: reading past its new end stops the process (SIGBUS), so only
/// one-shot commands map their inputs; the service copies its keys into memory.
/// </summary>
internal sealed unsafe class MappedFile : IDisposable
{
    private readonly MemoryMappedFile _file;
    private readonly MemoryMappedViewAccessor _view;
    private byte* _start;

    private MappedFile(MemoryMappedFile file, MemoryMappedViewAccessor view, long length)
    {
        _file = file;
        _view = view;
        Length = length;
        byte* pointer = null;
        view.SafeMemoryMappedViewHandle.AcquirePointer(ref pointer);
        _start = pointer + view.PointerOffset;
    }

    ~MappedFile() => Release();

    /// <summary>The file's length when it was mapped.</summary>
    public long Length { get; }

    /// <summary>
    /// Maps the file <paramref name="stream"/> reads (the stream may be closed afterwards), or returns null when it cannot
    /// be mapped (empty, not a regular file, a file system without mappings): the caller then reads it.
    /// </summary>
    public static MappedFile? TryMap(FileStream stream)
    {
        try
        {
            return stream.Length > 0 ? Map(stream) : null;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException)
        {
            return null;
        }
    }

    /// <summary>Maps the file <paramref name="stream"/> reads; the stream may be closed afterwards.</summary>
    public static MappedFile Map(FileStream stream)
    {
        long length = stream.Length;
        var file = MemoryMappedFile.CreateFromFile(stream, null, 0, MemoryMappedFileAccess.CopyOnWrite, HandleInheritability.None, leaveOpen: true);
        try
        {
            return new MappedFile(file, file.CreateViewAccessor(0, length, MemoryMappedFileAccess.CopyOnWrite), length);
        }
        catch
        {
            file.Dispose();
            throw;
        }
    }

    /// <summary><paramref name="count"/> elements stored from byte <paramref name="offset"/> of the file, in place.</summary>
    public Memory<T> Elements<T>(long offset, int count) where T : unmanaged
    {
        if (offset < 0 || count < 0 || (ulong)offset + (ulong)count * (ulong)sizeof(T) > (ulong)Length)
        {
            throw new ArgumentOutOfRangeException(nameof(offset), $"{count} elements of {sizeof(T)} bytes from byte {offset} do not fit the {Length}-byte file");
        }
        return count == 0 ? System.Memory<T>.Empty : new Range<T>(this, offset, count).Memory;
    }

    public void Dispose()
    {
        Release();
        GC.SuppressFinalize(this);
    }

    private void Release()
    {
        if (_start is null)
        {
            return;
        }
        _start = null;
        _view.SafeMemoryMappedViewHandle.ReleasePointer();
        _view.Dispose();
        _file.Dispose();
    }

    private byte* Start => _start is not null ? _start : throw new ObjectDisposedException(nameof(MappedFile), "the mapped file was released");

    /// <summary>A range of the mapping as elements; holds the mapping alive.</summary>
    private sealed class Range<T>(MappedFile owner, long offset, int count) : MemoryManager<T> where T : unmanaged
    {
        public override Span<T> GetSpan() => new(owner.Start + offset, count);

        public override MemoryHandle Pin(int elementIndex = 0)
        {
            if ((uint)elementIndex > (uint)count)
            {
                throw new ArgumentOutOfRangeException(nameof(elementIndex));
            }
            return new MemoryHandle(owner.Start + offset + (long)elementIndex * sizeof(T), default, this);
        }

        public override void Unpin()
        {
        }

        protected override void Dispose(bool disposing)
        {
        }
    }
}
