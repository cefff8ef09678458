import 'package:flutter/foundation.dart';
import 'package:flutter/material.dart';

import '../models/lab_result.dart';
import '../models/patient.dart';
import '../services/api_client.dart';
import '../services/storage.dart';

/// Results of one lab order with the patient's name, MRN and date of birth in the header.
/// Nothing hides this screen from screenshots or from the app switcher.
class LabResultsScreen extends StatefulWidget {
  const LabResultsScreen({super.key, required this.orderId, required this.patient});

  final String orderId;
  final Patient patient;

  @override
  State<LabResultsScreen> createState() => _LabResultsScreenState();
}

// expect: screenshot-and-app-switcher-exposure
class _LabResultsScreenState extends State<LabResultsScreen> {
  late final Future<List<LabResult>> _results;

  @override
  void initState() {
    super.initState();
    // expect: phi-in-logs
    debugPrint('Opening lab results for ${widget.patient.name}, MRN ${widget.patient.mrn}');
    // ok: phi-in-logs
    if (kDebugMode) debugPrint('Lab order ${widget.orderId} for MRN ${widget.patient.mrn}');
    _results = _load();
  }

  Future<List<LabResult>> _load() async {
    final storage = ClinicStorage();
    final api = ClinicApiClient(await storage.accessToken());
    final results = await api.labResults(widget.orderId);
    // ok: phi-in-logs
    debugPrint('Loaded ${results.length} lab results');
    await storage.cacheLabResults(widget.orderId, results);
    return results;
  }

  @override
  Widget build(BuildContext context) {
    final patient = widget.patient;
    return Scaffold(
      appBar: AppBar(title: Text(patient.name)),
      body: Column(
        children: [
          ListTile(
            title: Text('MRN ${patient.mrn}'),
            subtitle: Text('Born ${patient.dob.toIso8601String().substring(0, 10)}'),
          ),
          Expanded(
            child: FutureBuilder<List<LabResult>>(
              future: _results,
              builder: (context, snapshot) {
                if (!snapshot.hasData) return const Center(child: CircularProgressIndicator());
                return ListView(
                  children: [
                    for (final result in snapshot.data!)
                      ListTile(
                        title: Text(result.test),
                        trailing: Text('${result.value} ${result.unit}'),
                        leading: result.abnormal ? const Icon(Icons.warning_amber) : null,
                      ),
                  ],
                );
              },
            ),
          ),
        ],
      ),
    );
  }
}
