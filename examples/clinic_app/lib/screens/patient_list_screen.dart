import 'package:flutter/material.dart';
import 'package:go_router/go_router.dart';

import '../models/patient.dart';
import '../services/storage.dart';
import '../widgets/pulse_dot.dart';

/// Patients cached on this device, with name, MRN and diagnosis on each row.
class PatientListScreen extends StatefulWidget {
  const PatientListScreen({super.key});

  @override
  State<PatientListScreen> createState() => _PatientListScreenState();
}

// expect: screenshot-and-app-switcher-exposure
class _PatientListScreenState extends State<PatientListScreen> {
  final _storage = ClinicStorage();
  late final Future<List<Patient>> _patients = _load();

  Future<List<Patient>> _load() async {
    final db = await _storage.openPatientDatabase();
    final rows = await db.query('patients', orderBy: 'name');
    return rows.map(Patient.fromJson).toList();
  }

  Future<void> _open(Patient patient) async {
    await _storage.rememberPatient(patient);
    if (!mounted) return;
    await context.push('/labs/latest-${patient.id}', extra: patient);
  }

  @override
  Widget build(BuildContext context) {
    return Scaffold(
      appBar: AppBar(title: const Text('Patients')),
      body: FutureBuilder<List<Patient>>(
        future: _patients,
        builder: (context, snapshot) {
          if (!snapshot.hasData) return const Center(child: PulseDot());
          return ListView(
            children: [
              for (final patient in snapshot.data!)
                ListTile(
                  title: Text(patient.name),
                  subtitle: Text('MRN ${patient.mrn} · ${patient.diagnosis}'),
                  onTap: () => _open(patient),
                ),
            ],
          );
        },
      ),
    );
  }
}
