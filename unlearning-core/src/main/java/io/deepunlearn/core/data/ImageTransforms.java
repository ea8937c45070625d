package io.deepunlearn.core.data;

import java.util.SplittableRandom;

/** Pixel-level transforms: bilinear resize (PIL/torchvision upsampling semantics), normalisation, flip, crop. */
public final class ImageTransforms {

    private ImageTransforms() {
    }

    /**
     * Resizes a C x H x W uint8 image to C x S x S with bilinear interpolation (half-pixel centres, edges
     * clamped), scales to [0, 1] and normalises per channel. Grey sources use {@code mean[0]}/{@code std[0]}.
     */
    public static void resizeNormalize(byte[] src, int c, int h, int w, int s, float[] mean, float[] std,
                                       float[] dst, int offset) {
        float sy = (float) h / s;
        float sx = (float) w / s;
        for (int ch = 0; ch < c; ch++) {
            int plane = ch * h * w;
            float m = mean[ch];
            float sd = std[ch];
            for (int y = 0; y < s; y++) {
                float fy = Math.max(0f, (y + 0.5f) * sy - 0.5f);
                int y0 = Math.min((int) fy, h - 1);
                int y1 = Math.min(y0 + 1, h - 1);
                float wy = fy - y0;
                for (int x = 0; x < s; x++) {
                    float fx = Math.max(0f, (x + 0.5f) * sx - 0.5f);
                    int x0 = Math.min((int) fx, w - 1);
                    int x1 = Math.min(x0 + 1, w - 1);
                    float wx = fx - x0;
                    float v00 = src[plane + y0 * w + x0] & 0xff;
                    float v01 = src[plane + y0 * w + x1] & 0xff;
                    float v10 = src[plane + y1 * w + x0] & 0xff;
                    float v11 = src[plane + y1 * w + x1] & 0xff;
                    float v = (v00 * (1 - wx) + v01 * wx) * (1 - wy) + (v10 * (1 - wx) + v11 * wx) * wy;
                    dst[offset + ch * s * s + y * s + x] = (v / 255f - m) / sd;
                }
            }
        }
    }

    /** Mirrors each channel of a C x S x S image left-right, in place. */
    public static void flipHorizontal(float[] img, int offset, int c, int s) {
        for (int ch = 0; ch < c; ch++) {
            for (int y = 0; y < s; y++) {
                int row = offset + ch * s * s + y * s;
                for (int x = 0, z = s - 1; x < z; x++, z--) {
                    float t = img[row + x];
                    img[row + x] = img[row + z];
                    img[row + z] = t;
                }
            }
        }
    }

    /**
     * RandomCrop(S, padding=pad) on a normalised image: a shift by (dy, dx) in [-pad, pad]; uncovered pixels get
     * {@code fill[ch]}, the normalised value of a black pixel (torchvision pads before normalising).
     */
    public static void randomShift(float[] img, int offset, int c, int s, int pad, float[] fill, SplittableRandom rnd,
                                   float[] scratch) {
        int dy = rnd.nextInt(2 * pad + 1) - pad;
        int dx = rnd.nextInt(2 * pad + 1) - pad;
        if (dx == 0 && dy == 0) {
            return;
        }
        int n = c * s * s;
        System.arraycopy(img, offset, scratch, 0, n);
        for (int ch = 0; ch < c; ch++) {
            for (int y = 0; y < s; y++) {
                int sy = y + dy;
                for (int x = 0; x < s; x++) {
                    int sx = x + dx;
                    img[offset + ch * s * s + y * s + x] = (sy >= 0 && sy < s && sx >= 0 && sx < s)
                            ? scratch[ch * s * s + sy * s + sx] : fill[ch];
                }
            }
        }
    }
}
