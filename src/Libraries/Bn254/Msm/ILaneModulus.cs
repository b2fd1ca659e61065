namespace CredentialHub.Bn254.Msm;

/// <summary>
/// The constants of <see cref="MontgomeryLanes{M}"/> for one prime m &lt; 2^254, in 52-bit limbs:
/// m itself, −m⁻¹ mod 2^52 and 2^256 mod m (the Montgomery form of 1 shared with the scalar field
/// types). Implemented by empty structs so that the JIT folds them into the arithmetic; the tests
/// derive every value from the modulus.
/// </summary>
internal interface ILaneModulus
{
    static abstract ulong M0 { get; }
    static abstract ulong M1 { get; }
    static abstract ulong M2 { get; }
    static abstract ulong M3 { get; }
    static abstract ulong M4 { get; }
    static abstract ulong NegativeInverse { get; }
    static abstract ulong One0 { get; }
    static abstract ulong One1 { get; }
    static abstract ulong One2 { get; }
    static abstract ulong One3 { get; }
    static abstract ulong One4 { get; }
}
