namespace CredentialHub.Monitoring.Api;

internal sealed record ProcessSummary(long WorkingSetBytes, long ManagedHeapBytes, double CpuSeconds, int Gen0Collections, int Gen1Collections, int Gen2Collections, int Threads, int ThreadPoolThreads, long ThreadPoolQueueLength);
