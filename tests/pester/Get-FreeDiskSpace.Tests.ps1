BeforeAll {
    . (Join-Path $PSScriptRoot 'WizardTestSupport.ps1')
    # The script defines ScRecoveryWizard.DiskSpace (GetDiskFreeSpaceEx of kernel32) once per session,
    # unless it exists: defined first here, it answers for Windows with the test's figures.
    if (-not ('ScRecoveryWizard.DiskSpace' -as [type])) {
        Add-Type -TypeDefinition @'
namespace ScRecoveryWizard {
    public static class DiskSpace {
        public static ulong Free;
        public static int Error;
        public static string Asked;
        public static bool GetDiskFreeSpaceEx(string directoryName, out ulong freeBytesAvailable, out ulong totalBytes, out ulong totalFreeBytes) {
            Asked = directoryName;
            freeBytesAvailable = Free;
            totalBytes = Free * 2;
            totalFreeBytes = Free;
            if (Error == 0) return true;
            SetLastError(Error);
            return false;
        }
        // Marshal.GetLastWin32Error reads what the last P/Invoke left: .NET 6 and later can set it
        // directly, .NET Framework through kernel32's SetLastError.
        static void SetLastError(int code) {
            var method = typeof(System.Runtime.InteropServices.Marshal).GetMethod("SetLastPInvokeError");
            if (method != null) method.Invoke(null, new object[] { code });
            else NativeSetLastError(code);
        }
        [System.Runtime.InteropServices.DllImport("kernel32.dll", EntryPoint = "SetLastError", SetLastError = true)]
        static extern void NativeSetLastError(int code);
    }
}
'@
    }
}

Describe 'Get-FreeDiskSpace.ps1' {
    BeforeEach {
        [ScRecoveryWizard.DiskSpace]::Free = 52613349376
        [ScRecoveryWizard.DiskSpace]::Error = 0
        [ScRecoveryWizard.DiskSpace]::Asked = $null
    }

    It 'reports the bytes free on the volume of an existing folder' {
        $result = Invoke-WizardScript 'Get-FreeDiskSpace.ps1' @{ Path = $TestDrive }
        $result.freeBytes | Should -Be 52613349376
        [ScRecoveryWizard.DiskSpace]::Asked | Should -Be $TestDrive
        @($result.log) | Should -Be @("$TestDrive has 52613349376 bytes free.")
    }

    It 'measures the nearest existing folder above one a later step creates' {
        $result = Invoke-WizardScript 'Get-FreeDiskSpace.ps1' @{ Path = (Join-Path $TestDrive 'Backups\ServiceManager\2025') }
        $result.ok | Should -BeTrue
        [ScRecoveryWizard.DiskSpace]::Asked | Should -Be $TestDrive
    }

    It 'answers with the Windows error when the volume will not say' {
        [ScRecoveryWizard.DiskSpace]::Error = 5
        $result = Invoke-WizardScript 'Get-FreeDiskSpace.ps1' @{ Path = $TestDrive }
        $result.code | Should -Be 'access-denied'
        $result.details | Should -Match 'Win32Exception'
    }

    It 'answers not-found when no folder of the path exists' {
        $result = Invoke-WizardScript 'Get-FreeDiskSpace.ps1' @{ Path = 'no-such-folder' }
        $result.code | Should -Be 'not-found'
        [ScRecoveryWizard.DiskSpace]::Asked | Should -BeNullOrEmpty
    }
}
