namespace Kombo.Sandbox.Tests.Infrastructure;

/// <summary>
/// Kombo's official TypeScript SDK, installed from npm into <c>tests/Kombo.Sandbox.Tests/sdk-conformance/node_modules</c>
/// by <c>./test.sh</c> (<c>scripts/kombo-sdk.sh</c>), and the Node.js that runs it.
/// </summary>
public static class KomboSdk
{
    public static string Folder { get; } = Path.Combine(SharedFiles.Root, "tests", "Kombo.Sandbox.Tests", "sdk-conformance");

    public static string Script { get; } = Path.Combine(Folder, "conformance.mjs");

    private static string InstalledPackage { get; } = Path.Combine(Folder, "node_modules", "@kombo-api", "sdk", "package.json");

    /// <summary>The <c>node</c> executable on PATH, or null.</summary>
    public static string? Node { get; } = (Environment.GetEnvironmentVariable("PATH") ?? "")
        .Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
        .Select(dir => Path.Combine(dir, OperatingSystem.IsWindows() ? "node.exe" : "node"))
        .FirstOrDefault(File.Exists);

    /// <summary>Why the SDK cannot run here, or null when it can.</summary>
    public static string? Missing => Node is null
        ? "Node.js (node) is not on PATH; the SDK conformance test needs Node.js 20 or later (./test.sh installs it with apt-get)."
        : !File.Exists(InstalledPackage)
            ? $"Kombo's TypeScript SDK is not installed in {Folder}/node_modules; run ./test.sh, or `npm ci` in that folder."
            : null;
}
