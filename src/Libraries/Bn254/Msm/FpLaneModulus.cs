namespace CredentialHub.Bn254.Msm;

/// <summary>q = 21888242871839275222246405745257275088696311157297823662689037894645226208583 (Fp).</summary>
internal struct FpLaneModulus : ILaneModulus
{
    public static ulong M0 => 0x8c16d87cfd47;
    public static ulong M1 => 0x916871ca8d3c2;
    public static ulong M2 => 0x181585d97816a;
    public static ulong M3 => 0xa029b85045b68;
    public static ulong M4 => 0x30644e72e131;
    public static ulong NegativeInverse => 0x20782e4866389;
    public static ulong One0 => 0xd438dc58f0d9d;
    public static ulong One1 => 0x28f5c70b3dd35;
    public static ulong One2 => 0x879462c0a78eb;
    public static ulong One3 => 0xdf2f666ea36f7;
    public static ulong One4 => 0xe0a77c19a07;
}
