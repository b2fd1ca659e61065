using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using System.Globalization;
using System.Text;
using CredentialHub.Monitoring.Contracts;

namespace CredentialHub.Monitoring.Metrics;

/// <summary>
/// Listens to every meter named <see cref="Telemetry.MeterPrefix"/>* and to .NET's "System.Runtime" meter, keeps
/// each instrument's series in memory (counters and up-down counters summed, observable instruments read at each
/// scrape, histograms in fixed buckets) and writes them in the Prometheus text exposition format 0.0.4. Names:
/// dots become underscores, the unit is appended (s → _seconds, By → _bytes) and counters end in _total.
/// </summary>
internal sealed class MetricsCollector : IDisposable
{
    private static readonly double[] SecondBuckets = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60];
    private static readonly double[] DefaultBuckets = [1, 2, 5, 10, 25, 50, 100, 250, 500, 1000, 2500, 5000, 10000];

    private readonly MeterListener _listener = new();
    private readonly ConcurrentDictionary<Instrument, InstrumentState> _instruments = new();
    private readonly object _scrape = new();

    public MetricsCollector()
    {
        _listener.InstrumentPublished = (instrument, listener) =>
        {
            if (instrument.Meter.Name.StartsWith(Telemetry.MeterPrefix, StringComparison.Ordinal) || instrument.Meter.Name == "System.Runtime")
            {
                _instruments[instrument] = new InstrumentState(instrument);
                listener.EnableMeasurementEvents(instrument);
            }
        };
        _listener.SetMeasurementEventCallback<long>((i, v, tags, _) => Record(i, v, tags));
        _listener.SetMeasurementEventCallback<int>((i, v, tags, _) => Record(i, v, tags));
        _listener.SetMeasurementEventCallback<double>((i, v, tags, _) => Record(i, v, tags));
        _listener.Start();
    }

    private void Record(Instrument instrument, double value, ReadOnlySpan<KeyValuePair<string, object?>> tags)
    {
        if (_instruments.TryGetValue(instrument, out var state))
        {
            state.Record(value, tags);
        }
    }

    /// <summary>
    /// The exposition of every series, with those the sources know of but that have no measurement yet at zero (an
    /// instrument of a meter this collector does not export is passed over).
    /// </summary>
    public async Task<string> RenderAsync(IEnumerable<IKnownSeriesSource> sources, CancellationToken cancellationToken)
    {
        foreach (var source in sources)
        {
            foreach (var known in await source.ListAsync(cancellationToken))
            {
                if (_instruments.TryGetValue(known.Instrument, out var state))
                {
                    state.Ensure(known.Labels);
                }
            }
        }
        return Render();
    }

    /// <summary>The exposition of every series measured so far.</summary>
    public string Render()
    {
        var text = new StringBuilder(16 * 1024);
        lock (_scrape)
        {
            _listener.RecordObservableInstruments();
            foreach (var group in _instruments.Values.GroupBy(s => s.Name).OrderBy(g => g.Key, StringComparer.Ordinal))
            {
                var first = group.First();
                text.Append("# HELP ").Append(first.Name).Append(' ').Append(Escape(first.Description, help: true)).Append('\n');
                text.Append("# TYPE ").Append(first.Name).Append(' ').Append(first.Type).Append('\n');
                foreach (var state in group)
                {
                    state.Write(text);
                }
            }
        }
        return text.ToString();
    }

    public void Dispose() => _listener.Dispose();

    internal static string Escape(string? text, bool help = false)
    {
        if (string.IsNullOrEmpty(text))
        {
            return "";
        }
        var escaped = text.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\n", "\\n", StringComparison.Ordinal);
        return help ? escaped : escaped.Replace("\"", "\\\"", StringComparison.Ordinal);
    }

    internal static string Sanitize(string name)
    {
        var builder = new StringBuilder(name.Length);
        foreach (char c in name)
        {
            builder.Append(char.IsAsciiLetterOrDigit(c) || c is '_' or ':' ? c : '_');
        }
        if (builder.Length == 0 || char.IsAsciiDigit(builder[0]))
        {
            builder.Insert(0, '_');
        }
        return builder.ToString();
    }

    /// <summary>One instrument: its Prometheus name and type, and its series by label set.</summary>
    private sealed class InstrumentState
    {
        private readonly ConcurrentDictionary<string, Series> _series = new(StringComparer.Ordinal);
        private readonly bool _observable;
        private readonly bool _histogram;
        private readonly double[] _bounds;

        public InstrumentState(Instrument instrument)
        {
            _observable = instrument.IsObservable;
            _histogram = instrument is Histogram<double> or Histogram<long> or Histogram<int>;
            // The runtime publishes the thread pool's thread count and queue length as observable counters although
            // they go up and down: exported as gauges.
            bool monotonic = instrument is Counter<long> or Counter<int> or Counter<double> or ObservableCounter<long> or ObservableCounter<int> or ObservableCounter<double>
                && instrument.Name is not ("dotnet.thread_pool.thread.count" or "dotnet.thread_pool.queue.length");
            string name = Sanitize(instrument.Name);
            if (instrument.Unit == "s" && !name.EndsWith("_seconds", StringComparison.Ordinal))
            {
                name += "_seconds";
            }
            else if (instrument.Unit == "By" && !name.EndsWith("_bytes", StringComparison.Ordinal))
            {
                name += "_bytes";
            }
            if (monotonic && !name.EndsWith("_total", StringComparison.Ordinal))
            {
                name += "_total";
            }
            Type = _histogram ? "histogram" : monotonic ? "counter" : "gauge";
            if (Type == "gauge" && name.EndsWith("_count", StringComparison.Ordinal))
            {
                // Prometheus reserves _count for histograms and summaries (promtool flags it): the runtime's
                // dotnet.thread_pool.thread.count becomes dotnet_thread_pool_thread_count_value.
                name += "_value";
            }
            Name = name;
            Description = instrument.Description;
            _bounds = instrument.Unit == "s" ? SecondBuckets : DefaultBuckets;
        }

        public string Name { get; }

        public string Type { get; }

        public string? Description { get; }

        /// <summary>The series of these labels, at zero when it has no measurement yet.</summary>
        public void Ensure(IReadOnlyList<KeyValuePair<string, object?>> tags) =>
            _series.GetOrAdd(Labels([.. tags]), _ => new Series(_histogram ? _bounds.Length : 0));

        public void Record(double value, ReadOnlySpan<KeyValuePair<string, object?>> tags)
        {
            string labels = Labels(tags);
            var series = _series.GetOrAdd(labels, _ => new Series(_histogram ? _bounds.Length : 0));
            lock (series)
            {
                if (_histogram)
                {
                    int bucket = 0;
                    while (bucket < _bounds.Length && value > _bounds[bucket])
                    {
                        bucket++;
                    }
                    if (bucket < _bounds.Length)
                    {
                        series.Buckets[bucket]++;
                    }
                    series.Count++;
                    series.Sum += value;
                }
                else if (_observable)
                {
                    series.Value = value;
                }
                else
                {
                    series.Value += value;
                }
            }
        }

        public void Write(StringBuilder text)
        {
            foreach (var (labels, series) in _series.OrderBy(s => s.Key, StringComparer.Ordinal))
            {
                lock (series)
                {
                    if (!_histogram)
                    {
                        text.Append(Name).Append(Braces(labels)).Append(' ').Append(Number(series.Value)).Append('\n');
                        continue;
                    }
                    long cumulative = 0;
                    for (int b = 0; b < _bounds.Length; b++)
                    {
                        cumulative += series.Buckets[b];
                        text.Append(Name).Append("_bucket").Append(Braces(Join(labels, $"le=\"{Number(_bounds[b])}\""))).Append(' ').Append(cumulative).Append('\n');
                    }
                    text.Append(Name).Append("_bucket").Append(Braces(Join(labels, "le=\"+Inf\""))).Append(' ').Append(series.Count).Append('\n');
                    text.Append(Name).Append("_sum").Append(Braces(labels)).Append(' ').Append(Number(series.Sum)).Append('\n');
                    text.Append(Name).Append("_count").Append(Braces(labels)).Append(' ').Append(series.Count).Append('\n');
                }
            }
        }

        private static string Labels(ReadOnlySpan<KeyValuePair<string, object?>> tags)
        {
            if (tags.Length == 0)
            {
                return "";
            }
            var pairs = new List<string>(tags.Length);
            foreach (var (key, value) in tags)
            {
                pairs.Add($"{Sanitize(key)}=\"{Escape(Convert.ToString(value, CultureInfo.InvariantCulture))}\"");
            }
            pairs.Sort(StringComparer.Ordinal);
            return string.Join(",", pairs);
        }

        private static string Join(string labels, string extra) => labels.Length == 0 ? extra : labels + "," + extra;

        private static string Braces(string labels) => labels.Length == 0 ? "" : "{" + labels + "}";

        private static string Number(double value) =>
            double.IsPositiveInfinity(value) ? "+Inf" : double.IsNegativeInfinity(value) ? "-Inf" : double.IsNaN(value) ? "NaN" : value.ToString("R", CultureInfo.InvariantCulture);
    }

    private sealed class Series(int buckets)
    {
        public double Value;
        public double Sum;
        public long Count;
        public readonly long[] Buckets = new long[buckets];
    }
}
