using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics.X86;

namespace CredentialHub.Bn254.Fields;

/// <summary>MULX (BMI2): the fast path.</summary>
internal struct MulxProduct : IWideProduct
{
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ulong MulHigh(ulong a, ulong b) => Bmi2.X64.MultiplyNoFlags(a, b);
}
