namespace CredentialHub.Bn254.Msm;

/// <summary>r = 21888242871839275222246405745257275088548364400416034343698204186575808495617 (Fr).</summary>
internal struct FrLaneModulus : ILaneModulus
{
    public static ulong M0 => 0x1f593f0000001;
    public static ulong M1 => 0x4879b9709143e;
    public static ulong M2 => 0x181585d2833e8;
    public static ulong M3 => 0xa029b85045b68;
    public static ulong M4 => 0x30644e72e131;
    public static ulong NegativeInverse => 0x1f593efffffff;
    public static ulong One0 => 0x6341c4ffffffb;
    public static ulong One1 => 0x959f60cd29ac9;
    public static ulong One2 => 0x879462e36fc76;
    public static ulong One3 => 0xdf2f666ea36f7;
    public static ulong One4 => 0xe0a77c19a07;
}
