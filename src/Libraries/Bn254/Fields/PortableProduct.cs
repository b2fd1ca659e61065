using System.Runtime.CompilerServices;

namespace CredentialHub.Bn254.Fields;

/// <summary>Math.BigMul: the portable twin.</summary>
internal struct PortableProduct : IWideProduct
{
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ulong MulHigh(ulong a, ulong b) => Math.BigMul(a, b, out _);
}
