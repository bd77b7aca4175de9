namespace Sonae.Core.Tests;

public sealed class PersonalDataTests
{
    [Theory]
    [InlineData("550 5.1.1 <nurse@hospital.jp>: user unknown", "550 5.1.1 <[address]>: user unknown")]
    [InlineData("SMS to 090-1234-5678 failed", "SMS to [number] failed")]
    [InlineData("call +81 (3) 1234 5678 or 0312345678", "call [number] or [number]")]
    [InlineData("mail a.b+c@example.co.jp, then 03-1234-5678.", "mail [address], then [number].")]
    public void Masked_AddressesAndNumbers_AreReplaced(string text, string expected) =>
        Assert.Equal(expected, PersonalData.Masked(text));

    [Theory]
    [InlineData("421 4.7.0 Try again later")]
    [InlineData("HTTP 503 after 30 s, attempt 12")]
    [InlineData("")]
    public void Masked_StatusCodesAndShortNumbers_AreKept(string text) =>
        Assert.Equal(text, PersonalData.Masked(text));

    [Fact]
    public void Masked_Null_IsEmpty() => Assert.Equal("", PersonalData.Masked(null));
}
