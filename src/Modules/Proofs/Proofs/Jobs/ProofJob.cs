using System.Diagnostics;
using CredentialHub.Circuits.Contracts;
using CredentialHub.Proofs.Storage;

namespace CredentialHub.Proofs.Jobs;

/// <summary>
/// One proof to make: the loaded circuit, the private inputs as read from the request (typed signals only this job
/// holds, cleared as soon as the witness is computed; or the problem the witness calculator's rules found in them, which
/// fails the job as the witness would) and the record that tracks it. <see cref="Completion"/> ends with the final record.
/// </summary>
internal sealed class ProofJob(ILoadedCircuit circuit, InputReading inputs, ProofRecord record)
{
    private InputReading? _inputs = inputs;

    public ILoadedCircuit Circuit { get; } = circuit;

    public ProofRecord Record { get; set; } = record;

    public DateTimeOffset EnqueuedAt { get; } = DateTimeOffset.UtcNow;

    /// <summary>The trace of the request that queued the job (none when tracing is off): the job's spans continue it.</summary>
    public ActivityContext Parent { get; } = Activity.Current?.Context ?? default;

    public TaskCompletionSource<ProofRecord> Completion { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Hands the inputs over once; the caller clears them after use (<see cref="Clear"/>).</summary>
    public InputReading TakeInputs() => Interlocked.Exchange(ref _inputs, null) ?? throw new InvalidOperationException("the inputs were already taken");

    /// <summary>Clears the inputs if no worker took them (the job was refused or abandoned).</summary>
    public void DiscardInputs()
    {
        if (Interlocked.Exchange(ref _inputs, null) is { } left)
        {
            Clear(left);
        }
    }

    /// <summary>Drops every private value of the inputs (none when there are none).</summary>
    public static void Clear(InputReading? inputs)
    {
        foreach (var signal in inputs?.Signals ?? [])
        {
            Array.Clear(signal.Values);
        }
    }
}
