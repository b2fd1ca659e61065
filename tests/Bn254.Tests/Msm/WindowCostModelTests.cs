using CredentialHub.Bn254.Msm;

namespace CredentialHub.Bn254.Tests.Msm;

/// <summary>The plans the cost model makes: sane bounds and the trends the model is written to follow.</summary>
public class WindowCostModelTests
{
    public static TheoryData<string> Profiles => ["scalar", "vector"];

    [Theory]
    [MemberData(nameof(Profiles))]
    public void WindowsGrowWithTheNumberOfDenseScalars(string profile)
    {
        OperationCosts costs = Costs(profile);
        int previous = 0;
        for (int log2 = 0; log2 <= 24; log2++)
        {
            WindowPlan plan = Dense(1 << log2, 2, costs);
            Assert.InRange(plan.WindowBits, Math.Max(1, previous), WindowCostModel.MaxWindowBits);
            Assert.True(plan.WindowBits * plan.WindowCount > 254);
            Assert.Equal(255, plan.TotalBits);
            Assert.Equal(1 << (plan.WindowBits - 1), plan.BucketCount(0));
            Assert.True(WindowCostModel.BatchSize(plan.BucketCount(0)) <= plan.BucketCount(0));
            previous = plan.WindowBits;
        }
        Assert.InRange(Dense(1 << 16, 2, costs).WindowBits, 10, 15);
    }

    [Fact]
    public void ShortScalarsNeedFewWindows()
    {
        var counts = new int[257];
        counts[16] = 1 << 16;
        WindowPlan plan = WindowCostModel.Choose(counts, 1 << 16, 16, 2, OperationCosts.Scalar);
        Assert.True(plan.WindowCount * plan.WindowBits > 16);
        Assert.True(plan.WindowCount <= 3);
    }

    [Fact]
    public void OneWindowOnManyCoresIsSplitByPoints()
    {
        var counts = new int[257];
        counts[8] = 1 << 16;
        WindowPlan plan = WindowCostModel.Choose(counts, 1 << 16, 8, 4, OperationCosts.Vector);
        Assert.True(plan.PointChunks > 1);
    }

    /// <summary>2^14 G1 buckets (64 bytes each) or 2^13 G2 buckets (128 bytes) fill 1 MiB.</summary>
    [Fact]
    public void WindowsFitTheCache()
    {
        Assert.Equal(15, WindowCostModel.MaxWindowBitsFor(64));
        Assert.Equal(14, WindowCostModel.MaxWindowBitsFor(128));
        var counts = new int[257];
        counts[254] = 1 << 24;
        Assert.Equal(15, WindowCostModel.Choose(counts, 1 << 24, 254, 2, OperationCosts.Vector, WindowCostModel.MaxWindowBitsFor(64)).WindowBits);
    }

    private static WindowPlan Dense(int n, int cores, OperationCosts costs)
    {
        var counts = new int[257];
        counts[254] = n;
        return WindowCostModel.Choose(counts, n, 254, cores, costs);
    }

    private static OperationCosts Costs(string profile) => profile == "vector" ? OperationCosts.Vector : OperationCosts.Scalar;
}
