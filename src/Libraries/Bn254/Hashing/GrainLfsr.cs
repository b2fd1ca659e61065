namespace CredentialHub.Bn254.Hashing;

/// <summary>
/// The Grain LFSR of the Poseidon paper (Grassi, Khovratovich, Rechberger, Roy, Schofnegger,
/// "Poseidon: A New Hash Function for Zero-Knowledge Proof Systems", USENIX Security 2021, appendix F)
/// as the reference script <c>generate_parameters_grain.sage</c> of the hadeshash repository runs it:
/// an 80-bit register b₀…b₇₉ seeded with field (2 bits), S-box (4), field size n (12), width t (12),
/// R_F (10), R_P (10) and thirty 1 bits, each most significant bit first; the update is
/// b₈₀ = b₆₂ ⊕ b₅₁ ⊕ b₃₈ ⊕ b₂₃ ⊕ b₁₃ ⊕ b₀; the first 160 bits are discarded; afterwards bits are drawn
/// in pairs and the second bit of a pair is output only when the first is 1 (self-shrinking).
/// Used once per width to derive the round constants and MDS matrix; not constant time.
/// </summary>
internal sealed class GrainLfsr
{
    private const int StateBits = 80;

    /// <summary>Bits b₀…b₆₃ of the register (b₀ the oldest, in bit 0) and b₆₄…b₇₉ in the low 16 bits.</summary>
    private ulong _low, _high;

    internal GrainLfsr(int fieldType, int sbox, int fieldBits, int width, int fullRounds, int partialRounds)
    {
        int position = 0;
        Load(fieldType, 2, ref position);
        Load(sbox, 4, ref position);
        Load(fieldBits, 12, ref position);
        Load(width, 12, ref position);
        Load(fullRounds, 10, ref position);
        Load(partialRounds, 10, ref position);
        while (position < StateBits)
        {
            SetBit(position++);
        }
        for (int i = 0; i < 160; i++)
        {
            Step();
        }
    }

    /// <summary>The next <paramref name="bits"/> output bits (at most 256) as an integer, first bit most significant, in little-endian limbs.</summary>
    internal void NextInteger(int bits, out ulong l0, out ulong l1, out ulong l2, out ulong l3)
    {
        l0 = l1 = l2 = l3 = 0;
        for (int i = 0; i < bits; i++)
        {
            l3 = (l3 << 1) | (l2 >> 63);
            l2 = (l2 << 1) | (l1 >> 63);
            l1 = (l1 << 1) | (l0 >> 63);
            l0 = (l0 << 1) | NextBit();
        }
    }

    private ulong NextBit()
    {
        while (true)
        {
            ulong keep = Step();
            ulong bit = Step();
            if (keep != 0)
            {
                return bit;
            }
        }
    }

    private ulong Step()
    {
        ulong bit = ((_low >> 62) ^ (_low >> 51) ^ (_low >> 38) ^ (_low >> 23) ^ (_low >> 13) ^ _low) & 1;
        _low = (_low >> 1) | (_high << 63);
        _high = (_high >> 1) | (bit << (StateBits - 64 - 1));
        return bit;
    }

    private void Load(int value, int width, ref int position)
    {
        for (int i = width - 1; i >= 0; i--, position++)
        {
            if (((value >> i) & 1) != 0)
            {
                SetBit(position);
            }
        }
    }

    private void SetBit(int position)
    {
        if (position < 64)
        {
            _low |= 1UL << position;
        }
        else
        {
            _high |= 1UL << (position - 64);
        }
    }
}
