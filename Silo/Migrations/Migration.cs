namespace OrleansKombo.Silo.Migrations;

/// <summary>One embedded script; <see cref="Version"/> is the file name's numeric prefix.</summary>
public sealed record Migration(string Version, string Name, string Sql, string Checksum);
