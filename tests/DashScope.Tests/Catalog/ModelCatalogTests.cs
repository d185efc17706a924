using DashScope.Catalog;
using Xunit;

namespace DashScope.Tests.Catalog;

/// <summary>The shipped catalog's data for the families beyond chat: defaults, limits and suggestions the cmdlets read.</summary>
public class ModelCatalogTests
{
    private static readonly ModelCatalog Catalog = ModelCatalog.Default;

    [Theory]
    [InlineData("embedding", null, "text-embedding-v4")]
    [InlineData("rerank", null, "gte-rerank-v2")]
    [InlineData("image", null, "qwen-image-plus")]
    [InlineData("video", null, "wan2.2-t2v-plus")]
    [InlineData("video", "image", "wan2.2-i2v-plus")]
    [InlineData("speech", null, "qwen3-tts-flash")]
    [InlineData("transcription", null, "paraformer-v2")]
    public void Default_model_of_a_kind(string kind, string? input, string model)
    {
        Assert.Equal(model, Catalog.DefaultModel(kind, input));
    }

    [Fact]
    public void A_kind_without_models_is_an_error()
    {
        Assert.Throws<InvalidOperationException>(() => Catalog.DefaultModel("hologram"));
    }

    [Theory]
    [InlineData("text-embedding-v4", 10, 8192)]
    [InlineData("text-embedding-v3", 10, 8192)]
    [InlineData("text-embedding-v2", 25, 2048)]
    public void Embedding_limits(string model, int batchSize, int maxTokens)
    {
        var family = Catalog.Find(model);
        Assert.Equal("embedding", family.Kind);
        Assert.Equal(batchSize, family.BatchSize);
        Assert.Equal(maxTokens, family.MaxInputTokens);
    }

    [Fact]
    public void Embedding_dimensions_and_instructions()
    {
        var family = Catalog.Find("text-embedding-v4");
        Assert.Equal([2048, 1536, 1024, 768, 512, 256, 128, 64], family.Dimensions);
        Assert.True(family.Instruct);
        Assert.Equal(1024L, family.Defaults["dimension"]);
        Assert.False(Catalog.Find("text-embedding-v1").Instruct);
    }

    [Fact]
    public void Image_families_know_their_sizes_and_image_counts()
    {
        var qwen = Catalog.Find("qwen-image-max");
        Assert.Equal(ModelEndpoint.Multimodal, qwen.Endpoint);
        Assert.Equal(1, qwen.MaxImages);
        Assert.Equal("1328*1328", qwen.Sizes[0]);
        var wan = Catalog.Find("wan2.2-t2i-flash");
        Assert.Equal(ModelEndpoint.Task, wan.Endpoint);
        Assert.Equal(4, wan.MaxImages);
        Assert.Equal("image", Catalog.Find("wanx2.1-t2i-turbo").Kind);
    }

    [Theory]
    [InlineData("wan2.2-t2v-plus", false)]
    [InlineData("wanx2.1-t2v-turbo", false)]
    [InlineData("wan2.5-i2v-preview", true)]
    [InlineData("wan2.6-i2v", true)]
    public void Video_families_tell_text_from_image_to_video(string model, bool takesImage)
    {
        var family = Catalog.Find(model);
        Assert.Equal("video", family.Kind);
        Assert.Equal(takesImage, family.Takes("image"));
    }

    [Fact]
    public void Speech_families_have_voices_and_defaults()
    {
        var tts = Catalog.Find("qwen3-tts-flash");
        Assert.Equal(ModelEndpoint.Multimodal, tts.Endpoint);
        Assert.Equal("Cherry", tts.Default("voice"));
        Assert.Contains("English", tts.Languages);
        var cosy = Catalog.Find("cosyvoice-v3-flash");
        Assert.Equal(ModelEndpoint.Speech, cosy.Endpoint);
        Assert.Equal("longanyang", cosy.Default("voice"));
        Assert.Equal("longxiaochun_v2", Catalog.Find("cosyvoice-v2").Default("voice"));
    }

    [Theory]
    [InlineData("paraformer-v2", "file_urls")]
    [InlineData("fun-asr", "file_urls")]
    [InlineData("qwen3-asr-flash-filetrans", "file_url")]
    public void Transcription_families_say_how_they_take_the_file(string model, string input)
    {
        var family = Catalog.Find(model);
        Assert.Equal("transcription", family.Kind);
        Assert.Equal(input, family.Default("fileInput"));
    }

    [Fact]
    public void The_synchronous_recognizer_keeps_its_limits()
    {
        var family = Catalog.Find("qwen3-asr-flash");
        Assert.Equal("asr", family.Kind);
        Assert.Equal(10485760L, family.MaxAudioBytes);
    }

    [Fact]
    public void Rerank_takes_at_most_500_documents()
    {
        Assert.Equal(500, Catalog.Find("gte-rerank-v2").MaxDocuments);
        Assert.Equal(500, Catalog.Find("qwen3-rerank").MaxDocuments);
    }
}
