using System.IO.Compression;
using System.Xml.Linq;
using OrleansKombo.Tests.Infrastructure;
using OrleansKombo.UnitTests.Infrastructure;

namespace OrleansKombo.Tests.Operations;

/// <summary>Grains.Interfaces packs as the NuGet package a vendor's .NET service builds its Orleans client on.</summary>
public sealed class GrainClientPackageTests
{
    [Fact]
    public async Task Grains_interfaces_packs_with_its_id_version_description_and_orleans_dependency()
    {
        var output = Path.Combine(Path.GetTempPath(), $"grain-package-{Guid.NewGuid():N}");
        try
        {
            var project = Path.Combine(RepoPaths.Root, "Grains.Interfaces", "Grains.Interfaces.csproj");
            var pack = await HostProcess.RunCommandAsync("dotnet", TimeSpan.FromMinutes(5),
                "pack", project, "-c", RepoPaths.Configuration, "--no-build", "-o", output, "-nologo", "-v", "quiet");
            Assert.True(pack.ExitCode == 0, pack.StandardOutput + pack.StandardError);

            var package = Assert.Single(Directory.GetFiles(output, "*.nupkg"));
            Assert.Equal("OrleansKombo.Grains.Interfaces.1.0.0.nupkg", Path.GetFileName(package));
            using var zip = ZipFile.OpenRead(package);
            Assert.Contains(zip.Entries, e => e.FullName == "lib/net10.0/OrleansKombo.Grains.Interfaces.dll");
            var nuspecEntry = zip.Entries.Single(e => e.FullName.EndsWith(".nuspec", StringComparison.Ordinal));
            using var stream = nuspecEntry.Open();
            var nuspec = XDocument.Load(stream);
            string Value(string name) => nuspec.Descendants().Single(e => e.Name.LocalName == name).Value;
            Assert.Equal("OrleansKombo.Grains.Interfaces", Value("id"));
            Assert.Equal("1.0.0", Value("version"));
            Assert.Contains("Orleans client", Value("description"));
            Assert.Contains(nuspec.Descendants().Where(e => e.Name.LocalName == "dependency"),
                d => (string?)d.Attribute("id") == "Microsoft.Orleans.Sdk");
        }
        finally
        {
            if (Directory.Exists(output))
            {
                Directory.Delete(output, recursive: true);
            }
        }
    }
}
