import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.jar.JarEntry;
import java.util.jar.JarInputStream;
import java.util.jar.JarOutputStream;
import org.objectweb.asm.ClassReader;
import org.objectweb.asm.ClassVisitor;
import org.objectweb.asm.ClassWriter;
import org.objectweb.asm.Opcodes;

/**
 * Copies a jar, rewriting every class file older than Java 6 (version 50) as a Java 8 class
 * file (version 52) with stack map frames, which ASM computes; everything else is copied as is.
 *
 * <p>Why: class-data sharing leaves out classes older than version 50 ("Pre JDK 6 class not
 * supported by CDS"), and picocli 4.7.7 is compiled for Java 5. bin/sniff's archive then misses
 * picocli's ~170 classes, and every start loads, parses and verifies them again. The bytecode
 * itself is unchanged (no JSR/RET, which version 51+ forbids: ASM would refuse them); a frame
 * computed wrongly would fail the JVM's verifier at load, never run silently.
 *
 * <pre>
 * java -cp asm.jar sniff/src/build/java/ArchivableClasses.java IN.jar OUT.jar
 * </pre>
 *
 * Run by sniff/pom.xml at package time, as a single-file program (no module of its own).
 */
public final class ArchivableClasses {
    private static final int OLDEST_ARCHIVABLE = Opcodes.V1_6;

    private ArchivableClasses() {
    }

    public static void main(String[] args) throws IOException {
        if (args.length != 2) {
            System.err.println("usage: ArchivableClasses IN.jar OUT.jar");
            System.exit(2);
        }
        Path in = Path.of(args[0]);
        Path out = Path.of(args[1]);
        Path tmp = out.resolveSibling(out.getFileName() + ".tmp");
        // Frames need the common super class of two types: resolved from the jar itself and
        // the JDK, loaded but never initialised.
        try (URLClassLoader types = new URLClassLoader(new URL[] {in.toUri().toURL()}, ClassLoader.getPlatformClassLoader());
             InputStream fileIn = Files.newInputStream(in);
             JarInputStream jarIn = new JarInputStream(fileIn);
             OutputStream fileOut = Files.newOutputStream(tmp);
             JarOutputStream jarOut = jarIn.getManifest() == null ? new JarOutputStream(fileOut)
                     : new JarOutputStream(fileOut, jarIn.getManifest())) {
            for (JarEntry entry; (entry = jarIn.getNextJarEntry()) != null; ) {
                byte[] bytes = jarIn.readAllBytes();
                if (entry.getName().endsWith(".class") && classVersion(bytes) < OLDEST_ARCHIVABLE) {
                    bytes = upgraded(bytes, types);
                }
                JarEntry copy = new JarEntry(entry.getName());
                copy.setTime(entry.getTime());
                jarOut.putNextEntry(copy);
                jarOut.write(bytes);
                jarOut.closeEntry();
            }
        }
        Files.move(tmp, out, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    }

    // The major version: bytes 6-7 of the class file, after the magic and the minor version.
    private static int classVersion(byte[] classFile) {
        return ((classFile[6] & 0xff) << 8) | (classFile[7] & 0xff);
    }

    private static byte[] upgraded(byte[] classFile, ClassLoader types) {
        ClassWriter writer = new ClassWriter(ClassWriter.COMPUTE_FRAMES) {
            @Override
            protected ClassLoader getClassLoader() {
                return types;
            }
        };
        new ClassReader(classFile).accept(new ClassVisitor(Opcodes.ASM9, writer) {
            @Override
            public void visit(int version, int access, String name, String signature, String superName,
                              String[] interfaces) {
                super.visit(Opcodes.V1_8, access, name, signature, superName, interfaces);
            }
        }, 0);
        return writer.toByteArray();
    }
}
