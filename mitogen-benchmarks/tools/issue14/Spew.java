import java.io.*;
/** Writes N MiB to stdout as the child's writer does: a kept 32 MiB array, in 64 KiB slices, through a 64 KiB BufferedOutputStream. */
public class Spew {
    public static void main(String[] a) throws Exception {
        long mib = Long.parseLong(a[0]);
        int slice = a.length > 1 ? Integer.parseInt(a[1]) : 64 * 1024;
        byte[] data = new byte[32 << 20];
        OutputStream out = new BufferedOutputStream(new FileOutputStream(FileDescriptor.out), 64 * 1024);
        for (long done = 0; done < (mib << 20); done += data.length) {
            for (int off = 0; off < data.length; off += slice) {
                out.write(data, off, Math.min(slice, data.length - off));
            }
        }
        out.flush();
    }
}
