package io.mitogen.core.internal.wire;

/**
 * Writes primitive arrays (other than {@code byte[]}, which is BYTES) as a LIST of tagged
 * elements without boxing each element, one tight loop per element type.
 */
final class PrimitiveArrays {

    private PrimitiveArrays() {
    }

    /** Writes {@code array}, an array of a primitive other than byte, as LIST. */
    static void write(Codec.Writer out, Object array) {
        if (array instanceof int[]) {
            int[] a = (int[]) array;
            out.writeTagged(Tags.LIST, a.length);
            for (int v : a) {
                out.writeTagged(Tags.INT, v);
            }
        }
        else if (array instanceof long[]) {
            long[] a = (long[]) array;
            out.writeTagged(Tags.LIST, a.length);
            for (long v : a) {
                out.writeByte(Tags.LONG);
                out.writeLong(v);
            }
        }
        else if (array instanceof double[]) {
            double[] a = (double[]) array;
            out.writeTagged(Tags.LIST, a.length);
            for (double v : a) {
                out.writeByte(Tags.DOUBLE);
                out.writeLong(Double.doubleToRawLongBits(v));
            }
        }
        else if (array instanceof float[]) {
            float[] a = (float[]) array;
            out.writeTagged(Tags.LIST, a.length);
            for (float v : a) {
                out.writeTagged(Tags.FLOAT, Float.floatToRawIntBits(v));
            }
        }
        else if (array instanceof boolean[]) {
            boolean[] a = (boolean[]) array;
            out.writeTagged(Tags.LIST, a.length);
            for (boolean v : a) {
                out.writeByte(v ? Tags.TRUE : Tags.FALSE);
            }
        }
        else if (array instanceof short[]) {
            short[] a = (short[]) array;
            out.writeTagged(Tags.LIST, a.length);
            for (short v : a) {
                out.writeByte(Tags.SHORT);
                out.writeShort(v);
            }
        }
        else if (array instanceof char[]) {
            char[] a = (char[]) array;
            out.writeTagged(Tags.LIST, a.length);
            for (char v : a) {
                out.writeByte(Tags.CHAR);
                out.writeShort(v);
            }
        }
        else {
            throw new IllegalArgumentException("not a primitive array: " + array.getClass());
        }
    }
}
