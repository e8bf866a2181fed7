using OrleansKombo.Benchmarks;

// dotnet run -c Release --project tests/Benchmarks -- <command> [--option value ...]
var commands = typeof(IBenchmark).Assembly.GetTypes()
    .Where(t => t is { IsClass: true, IsAbstract: false } && typeof(IBenchmark).IsAssignableFrom(t))
    .Select(t => (IBenchmark)Activator.CreateInstance(t)!)
    .OrderBy(b => b.Name)
    .ToList();

var command = commands.FirstOrDefault(b => args.Length > 0 && b.Name == args[0]);
if (command is null)
{
    Console.WriteLine("usage: dotnet run -c Release --project tests/Benchmarks -- <command> [--option value ...]");
    foreach (var b in commands)
    {
        Console.WriteLine($"  {b.Name,-14} {b.Description}");
    }
    return args.Length == 0 ? 0 : 64;
}

return await command.RunAsync(BenchmarkArguments.Parse(args.Skip(1)));
