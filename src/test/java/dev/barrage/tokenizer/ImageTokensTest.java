package dev.barrage.tokenizer;

import org.junit.jupiter.api.Test;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.util.Base64;

import static org.assertj.core.api.Assertions.assertThat;

/** --image-patch-size: client-side prompt counts add ceil(h/p)·ceil(w/p) tokens per image, as evalscope does. */
class ImageTokensTest {
    private static String dataUrl(int width, int height) throws Exception {
        ByteArrayOutputStream png = new ByteArrayOutputStream();
        ImageIO.write(new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB), "png", png);
        return "data:image/png;base64," + Base64.getEncoder().encodeToString(png.toByteArray());
    }

    private static String body(String imageUrl) {
        String image = imageUrl == null ? "" : ",{\"type\":\"image_url\",\"image_url\":{\"url\":\"" + imageUrl + "\"}}";
        return "{\"messages\":[{\"role\":\"user\",\"content\":[{\"type\":\"text\",\"text\":\"What is in this picture?\"}"
                + image + "]}]}";
    }

    @Test
    void eachImageAddsItsPatches() throws Exception {
        Tokenizer qwen = TestTokenizers.qwen3();
        int text = new ClientTokenCounter(qwen, true).prompt(body(null));
        String image = dataUrl(448, 230);
        assertThat(new ClientTokenCounter(qwen, true, 28).prompt(body(image))).isEqualTo(text + 16 * 9);
        assertThat(new ClientTokenCounter(qwen, true, 14).prompt(body(image))).isEqualTo(text + 32 * 17);
        assertThat(new ClientTokenCounter(qwen, true, 28).prompt(body("https://example.com/cat.png")))
                .as("a remote image cannot be sized here").isEqualTo(text);
    }

    @Test
    void sizesAreReadFromTheHeader() throws Exception {
        assertThat(ImageSize.ofDataUrl(dataUrl(31, 7))).containsExactly(31, 7);
        assertThat(ImageSize.ofDataUrl("data:image/png;base64,bm90IGFuIGltYWdl")).isNull();
        assertThat(ImageSize.ofDataUrl("data:text/plain,hello")).isNull();
    }
}
