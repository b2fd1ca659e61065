using System.Numerics;
using CredentialHub.Circuits.Contracts;
using CredentialHub.Circuits.Inputs;

namespace CredentialHub.Circuits.Tests.Inputs;

public class CircuitInputsMatchTests
{
    private static readonly Dictionary<string, int> Sizes = new() { ["a"] = 1, ["b"] = 4 };

    private static InputSignal Signal(string name, int count) => new(name, [.. Enumerable.Repeat(BigInteger.One, count)]);

    private static InputException Refused(params InputSignal[] given) =>
        Assert.Throws<InputException>(() => CircuitInputs.Match(given, Sizes));

    [Fact]
    public void AcceptsExactInputsInAnyOrder()
    {
        CircuitInputs.Match([Signal("a", 1), Signal("b", 4)], Sizes);
        CircuitInputs.Match([Signal("b", 4), Signal("a", 1)], Sizes);
    }

    [Fact]
    public void AcceptsNoInputsForCircuitWithoutInputs() => CircuitInputs.Match([], new Dictionary<string, int>());

    [Fact]
    public void RefusesUnknownName()
    {
        var e = Refused(Signal("a", 1), Signal("b", 4), Signal("c", 1));

        Assert.Equal("c: is not an input of this circuit", e.Message);
        Assert.Equal("c", e.Signal);
    }

    [Fact]
    public void NamesAreCaseSensitive() =>
        Assert.Equal("A: is not an input of this circuit", Refused(Signal("A", 1), Signal("b", 4)).Message);

    [Fact]
    public void RefusesMissingName()
    {
        Assert.Equal("b: is missing", Refused(Signal("a", 1)).Message);
        Assert.Equal("a: is missing", Refused().Message);
    }

    [Theory]
    [InlineData("b", 3, "b: expects 4 values, got 3")]
    [InlineData("b", 5, "b: expects 4 values, got 5")]
    [InlineData("b", 0, "b: expects 4 values, got 0")]
    [InlineData("a", 2, "a: expects 1 value, got 2")]
    public void RefusesWrongCount(string name, int count, string message)
    {
        InputSignal[] given = name == "a" ? [Signal("a", count), Signal("b", 4)] : [Signal("a", 1), Signal(name, count)];

        Assert.Equal(message, Refused(given).Message);
    }

    [Fact]
    public void RefusesRepeatedName() =>
        Assert.Equal("a: is given more than once", Refused(Signal("a", 1), Signal("a", 1), Signal("b", 4)).Message);
}
