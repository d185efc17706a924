using DashScope.Media;
using Xunit;

namespace DashScope.Tests.Media;

/// <summary>Classifying and checking media arguments before anything is sent; data: URIs.</summary>
public sealed class MediaInputTests : IDisposable
{
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "dashscope-media-" + Guid.NewGuid().ToString("N")[..8]);

    public MediaInputTests() => Directory.CreateDirectory(_folder);

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private string File(string name, int bytes)
    {
        var path = Path.Combine(_folder, name);
        var content = new byte[bytes];
        for (var i = 0; i < bytes; i++) content[i] = (byte)(i * 7 + 3);
        System.IO.File.WriteAllBytes(path, content);
        return path;
    }

    private static string Fails(Action action)
    {
        var failure = Assert.Throws<DashScopeException>(action);
        Assert.Equal(DashScopeErrorKind.InvalidInput, failure.Kind);
        return failure.Message;
    }

    [Theory]
    [InlineData("https://example.com/a.jpg", MediaLocation.Http)]
    [InlineData("HTTP://example.com/a", MediaLocation.Http)]
    [InlineData("oss://dashscope-instant/x/y/a.mp4", MediaLocation.Oss)]
    [InlineData("data:image/png;base64,iVBORw0KGgo=", MediaLocation.DataUri)]
    public void Urls_are_classified_and_kept_as_given(string url, MediaLocation location)
    {
        Assert.True(MediaInput.IsUrl(url));
        var input = MediaInput.FromUrl(MediaKind.Image, url);
        Assert.Equal(location, input.Location);
        Assert.Equal(url, input.Value);
        Assert.False(input.IsLocalFile);
    }

    [Theory]
    [InlineData("./a.jpg")]
    [InlineData("C:\\photos\\a.jpg")]
    [InlineData("/tmp/a b/猫.jpg")]
    [InlineData("photos/a.jpg")]
    public void Paths_are_not_urls(string path)
    {
        Assert.False(MediaInput.IsUrl(path));
        Assert.False(MediaInput.IsOtherUrl(path));
    }

    [Theory]
    [InlineData("ftp://example.com/a.jpg")]
    [InlineData("s3://bucket/a.jpg")]
    public void Other_schemes_are_recognised_as_urls_the_service_cannot_read(string url) => Assert.True(MediaInput.IsOtherUrl(url));

    [Fact]
    public void A_data_uri_must_be_base64()
    {
        Assert.Contains("base64", Fails(() => MediaInput.FromUrl(MediaKind.Image, "data:image/png,rawbytes")));
    }

    [Fact]
    public void A_small_local_file_is_checked_and_sent_inline_as_a_data_uri_with_its_mime_type()
    {
        var path = File("a b 猫.PNG", 10);
        var input = MediaInput.FromFile(MediaKind.Image, path, UploadMode.Auto);
        Assert.Equal(MediaLocation.File, input.Location);
        Assert.Equal("image/png", input.MimeType);
        Assert.Equal(10, input.Length);
        Assert.Equal("a b 猫.PNG", input.DisplayName);
        Assert.True(input.SendsInline(UploadMode.Auto));
        Assert.True(input.SendsInline(UploadMode.Inline));
        Assert.False(input.SendsInline(UploadMode.Upload));
        var uri = input.ToDataUri();
        Assert.Equal("data:image/png;base64," + Convert.ToBase64String(System.IO.File.ReadAllBytes(path)), uri);
        Assert.Equal(MediaFormats.DataUriLength("image/png", 10), uri.Length);
    }

    [Theory]
    [InlineData(MediaKind.Image, "x.jpg", "image/jpeg")]
    [InlineData(MediaKind.Image, "x.webp", "image/webp")]
    [InlineData(MediaKind.Image, "x.tiff", "image/tiff")]
    [InlineData(MediaKind.Image, "x.heic", "image/heic")]
    [InlineData(MediaKind.Video, "x.mp4", "video/mp4")]
    [InlineData(MediaKind.Video, "x.MOV", "video/quicktime")]
    [InlineData(MediaKind.Audio, "x.mp3", "audio/mpeg")]
    [InlineData(MediaKind.Audio, "x.wav", "audio/wav")]
    [InlineData(MediaKind.Audio, "x.opus", "audio/opus")]
    [InlineData(MediaKind.Audio, "x.mp4", "video/mp4")]
    public void Each_kind_knows_its_file_types(MediaKind kind, string name, string mime) => Assert.Equal(mime, MediaFormats.MimeTypeOf(kind, name));

    [Theory]
    [InlineData(MediaKind.Image, "x.mp3")]
    [InlineData(MediaKind.Image, "x.txt")]
    [InlineData(MediaKind.Video, "x.jpg")]
    [InlineData(MediaKind.Audio, "x.png")]
    [InlineData(MediaKind.Audio, "noextension")]
    public void A_file_of_another_type_is_refused_naming_the_accepted_types(MediaKind kind, string name)
    {
        var path = File(name, 5);
        var message = Fails(() => MediaInput.FromFile(kind, path, UploadMode.Auto));
        Assert.Contains("is not a supported " + kind.ToString().ToLowerInvariant() + " file", message);
        Assert.Contains(MediaFormats.Extensions(kind)[0], message);
    }

    [Fact]
    public void A_missing_file_a_directory_and_an_empty_file_are_refused()
    {
        Assert.Contains("does not exist", Fails(() => MediaInput.FromFile(MediaKind.Image, Path.Combine(_folder, "nothere.jpg"), UploadMode.Auto)));
        var directory = Path.Combine(_folder, "photos.jpg");
        Directory.CreateDirectory(directory);
        Assert.Contains("is a directory", Fails(() => MediaInput.FromFile(MediaKind.Image, directory, UploadMode.Auto)));
        Assert.Contains("is empty", Fails(() => MediaInput.FromFile(MediaKind.Audio, File("silence.wav", 0), UploadMode.Auto)));
    }

    [Fact]
    public void Sizes_decide_inline_or_upload_and_inline_is_refused_beyond_the_data_uri_limit()
    {
        var mime = "image/jpeg";
        var autoLimit = (MediaFormats.AutoInlineDataUriLength - ("data:" + mime + ";base64,").Length) / 4 * 3;
        Assert.True(MediaFormats.DataUriLength(mime, autoLimit) <= MediaFormats.AutoInlineDataUriLength);
        Assert.True(MediaFormats.DataUriLength(mime, autoLimit + 3) > MediaFormats.AutoInlineDataUriLength);

        var small = MediaInput.FromFile(MediaKind.Image, Sparse("small.jpg", autoLimit), UploadMode.Auto);
        Assert.True(small.SendsInline(UploadMode.Auto));
        var medium = MediaInput.FromFile(MediaKind.Image, Sparse("medium.jpg", autoLimit + 3), UploadMode.Auto);
        Assert.False(medium.SendsInline(UploadMode.Auto));

        var maxInline = MediaFormats.MaxInlineBytes(mime);
        Assert.True(MediaFormats.DataUriLength(mime, maxInline) <= MediaFormats.MaxDataUriLength);
        Assert.True(MediaFormats.DataUriLength(mime, maxInline + 3) > MediaFormats.MaxDataUriLength);
        MediaInput.FromFile(MediaKind.Image, Sparse("fits.jpg", maxInline), UploadMode.Inline);
        var message = Fails(() => MediaInput.FromFile(MediaKind.Image, Sparse("big.jpg", maxInline + 3), UploadMode.Inline));
        Assert.Contains("too large to send inline", message);
        Assert.Contains("-UploadMode Upload", message);
        // Uploaded, the same file is fine.
        Assert.False(MediaInput.FromFile(MediaKind.Image, Sparse("big2.jpg", maxInline + 3), UploadMode.Upload).SendsInline(UploadMode.Upload));
    }

    [Fact]
    public void A_file_over_the_upload_limit_is_refused()
    {
        var message = Fails(() => MediaInput.FromFile(MediaKind.Video, Sparse("huge.mp4", MediaFormats.MaxUploadBytes + 1), UploadMode.Auto));
        Assert.Contains("too large", message);
        Assert.Contains("1024 MiB", message);
    }

    private string Sparse(string name, long length)
    {
        var path = Path.Combine(_folder, name);
        using var stream = new FileStream(path, FileMode.Create);
        stream.SetLength(length);
        return path;
    }
}
