namespace OrleansKombo.Hosting;

/// <summary>
/// A configuration or dependency problem found before the host starts. Program.cs prints its message as the
/// one line an operator needs (it names the setting) and exits non-zero, instead of a stack trace or a hang.
/// </summary>
public sealed class StartupFailure(string message, Exception? inner = null) : Exception(message, inner);
