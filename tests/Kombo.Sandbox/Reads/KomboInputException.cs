namespace Kombo.Sandbox.Reads;

/// <summary>A request parameter Kombo would refuse; answered 400 <c>PLATFORM.INPUT_INVALID</c>.</summary>
public sealed class KomboInputException(string message) : Exception(message);
