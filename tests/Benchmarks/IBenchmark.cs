namespace OrleansKombo.Benchmarks;

/// <summary>One benchmark command. Each prints its figures and exits non-zero when a correctness check fails.</summary>
public interface IBenchmark
{
    /// <summary>The command name, e.g. <c>webhooks</c>.</summary>
    string Name { get; }

    /// <summary>One line for the command list.</summary>
    string Description { get; }

    Task<int> RunAsync(BenchmarkArguments args);
}
