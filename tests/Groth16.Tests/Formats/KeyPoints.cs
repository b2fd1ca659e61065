using System.Runtime.InteropServices;

namespace CredentialHub.Groth16.Tests;

/// <summary>The point sections of a key read into memory, writable, for tests that change a key before writing it again.</summary>
internal static class KeyPoints
{
    public static Span<T> Writable<T>(this ReadOnlyMemory<T> points) => MemoryMarshal.AsMemory(points).Span;
}
