using System.Runtime.CompilerServices;

namespace CredentialHub.Bn254.Msm;

/// <summary>Eight scalar values on the stack: one per AVX-512 lane.</summary>
[InlineArray(Count)]
internal struct Lanes<T>
{
    internal const int Count = 8;

    private T _element;
}
