namespace OrleansKombo.Grains.Assessment;

/// <summary>What <see cref="AtsWriteAttempts"/> knows of one write of one result before it is made.</summary>
public enum AtsAttempt
{
    /// <summary>Never tried (or tried and answered with an error): go ahead.</summary>
    New,

    /// <summary>Kombo took it: skip it.</summary>
    Done,

    /// <summary>Sent, and no answer was recorded (a crash, a lost answer): it may or may not be in the ATS.</summary>
    InDoubt,
}
