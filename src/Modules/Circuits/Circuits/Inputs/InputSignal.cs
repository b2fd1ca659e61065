using System.Numerics;

namespace CredentialHub.Circuits.Inputs;

/// <summary>
/// One top-level key of an input JSON: the signal name and its values flattened row-major, each in [0, r).
/// A scalar has one value; <c>[[1, 2], [3, 4]]</c> becomes <c>1, 2, 3, 4</c>, the order of <c>pos</c> in
/// <c>setInputSignal</c> (FORMATS.md §7, protocol step 3).
/// </summary>
internal sealed record InputSignal(string Name, BigInteger[] Values);
