package dev.spindle.client;

import static dev.spindle.client.CheckpointCommandTest.spindle;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.spindle.client.CheckpointCommandTest.Result;
import dev.spindle.testkit.SpindleClusterExtension;
import dev.spindle.testkit.SpindleTestCluster;
import java.net.URI;
import java.nio.file.Path;
import java.security.PrivilegedExceptionAction;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.LocatedFileStatus;
import org.apache.hadoop.fs.RemoteIterator;
import org.apache.hadoop.fs.permission.FsPermission;
import org.apache.hadoop.security.UserGroupInformation;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * A checkpoint on a permission-checking HDFS is its owner's alone: Spindle makes its directory
 * 0700 and every file it writes 0600, and the checkpoint tools refuse, in one line, a user who is
 * neither its owner nor a superuser, while its owner and the superuser may use them.
 */
@Timeout(value = 3, unit = TimeUnit.MINUTES) // a cluster test: a hang fails it, never the build
class CheckpointSecurityTest {
    @RegisterExtension
    static final SpindleClusterExtension CLUSTER =
            new SpindleClusterExtension(SpindleTestCluster.builder().nodeManagers(0).kafka(false));

    @TempDir
    Path local;

    @Test
    void aCheckpointIsPrivateToItsOwnerAndTheToolsRefuseOthers() throws Exception {
        FileSystem superuserFs = CLUSTER.cluster().fileSystem();
        superuserFs.mkdirs(new org.apache.hadoop.fs.Path("/jobs"));
        superuserFs.setPermission(new org.apache.hadoop.fs.Path("/jobs"), new FsPermission((short) 01777));
        // alice's directory, as her home directory would be: others may pass through it
        superuserFs.mkdirs(new org.apache.hadoop.fs.Path("/jobs/alice"));
        superuserFs.setOwner(new org.apache.hadoop.fs.Path("/jobs/alice"), "alice", null);
        URI checkpoint = URI.create(superuserFs.getUri() + "/jobs/alice/checkpoint");
        UserGroupInformation alice = UserGroupInformation.createRemoteUser("alice");
        UserGroupInformation bob = UserGroupInformation.createRemoteUser("bob");
        as(alice, () -> {
            CheckpointCommandTest.writeCheckpoint(checkpoint, new Configuration(CLUSTER.cluster().configuration()), local,
                    6, "private");
            return null;
        });

        FileStatus root = superuserFs.getFileStatus(new org.apache.hadoop.fs.Path(checkpoint));
        assertEquals("alice", root.getOwner());
        assertEquals(new FsPermission((short) 0700), root.getPermission());
        List<String> files = new ArrayList<>();
        RemoteIterator<LocatedFileStatus> all = superuserFs.listFiles(root.getPath(), true);
        while (all.hasNext()) {
            LocatedFileStatus file = all.next();
            files.add(file.getPath().getName());
            assertEquals(new FsPermission((short) 0600), file.getPermission(), file.getPath().toString());
        }
        assertTrue(files.size() > 10, "changelogs, snapshots, commits: " + files);

        Result refused = as(bob, () -> spindle("checkpoint", "ls", checkpoint.toString()));
        assertEquals(ExitCode.USAGE, refused.code(), refused.err());
        assertEquals("spindle checkpoint: " + root.getPath() + " belongs to alice, not to bob: the checkpoint tools act"
                + " for its owner or a superuser only", refused.err());
        Result gcRefused = as(bob, () -> spindle("checkpoint", "gc", checkpoint.toString(), "--dry-run"));
        assertEquals(ExitCode.USAGE, gcRefused.code(), gcRefused.err());

        Result owner = as(alice, () -> spindle("checkpoint", "verify", checkpoint.toString()));
        assertEquals(ExitCode.OK, owner.code(), owner.err());
        // the test's own user started the NameNode: HDFS's superuser
        Result superuser = spindle("checkpoint", "ls", checkpoint.toString());
        assertEquals(ExitCode.OK, superuser.code(), superuser.err());
    }

    private static <T> T as(UserGroupInformation user, PrivilegedExceptionAction<T> action) throws Exception {
        return user.doAs(action);
    }
}
